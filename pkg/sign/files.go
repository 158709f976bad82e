package sign

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// FileSubjects are the in-toto subjects of files, as a release names them: each file's base
// name and SHA-256 (the subjects `cosign verify-blob-attestation` and `gh attestation verify`
// match a downloaded file against).
func FileSubjects(paths ...string) ([]Subject, error) {
	if len(paths) == 0 {
		return nil, errors.New("no files to attest")
	}
	subjects := make([]Subject, 0, len(paths))
	seen := map[string]bool{}
	for _, p := range paths {
		name := filepath.Base(p)
		if seen[name] {
			return nil, fmt.Errorf("two files named %s: a subject is named by its base name", name)
		}
		seen[name] = true
		f, err := os.Open(p)
		if err != nil {
			return nil, err
		}
		h := sha256.New()
		_, err = io.Copy(h, f)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		subjects = append(subjects, Subject{Name: name, Digest: map[string]string{"sha256": hex.EncodeToString(h.Sum(nil))}})
	}
	return subjects, nil
}

// AttestFiles signs an in-toto statement with predicateType and predicate about subjects (files,
// from FileSubjects) and returns its Sigstore bundle (JSON, v0.3), which nothing is pushed to:
// a release attaches it next to the files. Keyless, the signature is logged in Rekor.
func (k *Keyless) AttestFiles(ctx context.Context, subjects []Subject, predicateType string, predicate any) ([]byte, error) {
	return k.writer().attestFiles(ctx, subjects, predicateType, predicate)
}

// AttestFiles is Keyless.AttestFiles with the signer's key (logged in Rekor only WithRekor).
func (s *Signer) AttestFiles(ctx context.Context, subjects []Subject, predicateType string, predicate any) ([]byte, error) {
	return s.writer().attestFiles(ctx, subjects, predicateType, predicate)
}

func (w writer) attestFiles(ctx context.Context, subjects []Subject, predicateType string, predicate any) ([]byte, error) {
	if len(subjects) == 0 {
		return nil, errors.New("no files to attest")
	}
	p, err := json.Marshal(predicate)
	if err != nil {
		return nil, err
	}
	st := Statement{Type: InTotoStatementType, Subject: subjects, PredicateType: predicateType, Predicate: p}
	b, _, err := w.bundle(ctx, st, fmt.Sprintf("%d files", len(subjects)))
	return b, err
}
