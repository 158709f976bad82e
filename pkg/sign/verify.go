package sign

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	sgbundle "github.com/sigstore/sigstore-go/pkg/bundle"
	"github.com/sigstore/sigstore-go/pkg/root"
	"github.com/sigstore/sigstore-go/pkg/verify"
	"github.com/sigstore/sigstore/pkg/signature"
)

// Bundles are verified with sigstore-go, the Sigstore project's own verifier (the same code
// cosign v3 runs): the DSSE signature, the certificate chain at the log's integrated time, the
// identity policy, the transparency-log inclusion proof and signed checkpoint. Greenlight adds
// only what sigstore-go leaves to the caller: finding the bundles in the registry, checking the
// statement is a signature (not another attestation) and saying in plain words why none verifies.

// keyTrust is trusted material holding one public key, valid at any time.
func keyTrust(pub *ecdsa.PublicKey) (root.TrustedMaterial, error) {
	sv, err := signature.LoadECDSAVerifier(pub, crypto.SHA256)
	if err != nil {
		return nil, err
	}
	k := root.NewExpiringKey(sv, time.Time{}, time.Time{})
	return root.NewTrustedPublicKeyMaterial(func(string) (root.TimeConstrainedVerifier, error) { return k, nil }), nil
}

// statementOf reads the in-toto statement inside a bundle's DSSE envelope, unverified, to
// explain failures (which digest it signs, which predicate it carries).
func statementOf(raw []byte) (Statement, bool) {
	var b struct {
		DSSEEnvelope *struct {
			Payload     string `json:"payload"`
			PayloadType string `json:"payloadType"`
		} `json:"dsseEnvelope"`
	}
	if json.Unmarshal(raw, &b) != nil || b.DSSEEnvelope == nil {
		return Statement{}, false
	}
	p, err := base64.StdEncoding.DecodeString(b.DSSEEnvelope.Payload)
	if err != nil {
		return Statement{}, false
	}
	var st Statement
	if json.Unmarshal(p, &st) != nil {
		return Statement{}, false
	}
	return st, true
}

func subjectDigests(st Statement) []string {
	var out []string
	for _, s := range st.Subject {
		if d := s.Digest["sha256"]; d != "" {
			out = append(out, "sha256:"+d)
		}
	}
	return out
}

// checkBundle verifies one bundle found for img with sigstore-go and returns the verified
// statement, or an error saying in one phrase why it does not verify.
func checkBundle(fb fetchedBundle, img oci.Image, tm root.TrustedMaterial, vopts []verify.VerifierOption, policy verify.PolicyOption, predicateType string) (*verify.VerificationResult, error) {
	st, ok := statementOf(fb.raw)
	if ok {
		if ds := subjectDigests(st); !contains(ds, img.Digest()) {
			return nil, fmt.Errorf("signs %s, not %s", clean(strings.Join(ds, ", ")), img.Digest())
		}
		if predicateType != "" && st.PredicateType != predicateType {
			return nil, fmt.Errorf("is a %s attestation, not a signature", clean(st.PredicateType))
		}
	}
	var b sgbundle.Bundle
	if err := b.UnmarshalJSON(fb.raw); err != nil {
		return nil, fmt.Errorf("is not a valid Sigstore bundle: %v", err)
	}
	v, err := verify.NewVerifier(tm, vopts...)
	if err != nil {
		return nil, err
	}
	res, err := v.Verify(&b, verify.NewPolicy(verify.WithArtifactDigest("sha256", hexDigest(img)), policy))
	if err != nil {
		return nil, explainSigstore(err)
	}
	if predicateType != "" && (res.Statement == nil || res.Statement.GetPredicateType() != predicateType) {
		return nil, errors.New("verified, but is not a signature statement")
	}
	return res, nil
}

// clean makes a value read from a signature safe to print in one line: at most 200 bytes,
// control and non-printable characters replaced.
func clean(s string) string {
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return strings.Map(func(r rune) rune {
		if !unicode.IsPrint(r) {
			return '?'
		}
		return r
	}, s)
}

// explainSigstore turns sigstore-go's error chains into the reason a person needs.
func explainSigstore(err error) error {
	s := err.Error()
	switch {
	case strings.Contains(s, "expected key signature, not certificate"):
		return errors.New("is a keyless (certificate) signature, and a key was expected")
	case strings.Contains(s, "could not verify envelope") || strings.Contains(s, "failed to verify signature"):
		return fmt.Errorf("was not made by the trusted key or certificate (%s)", s)
	case strings.Contains(s, "x509: certificate has expired") || strings.Contains(s, "certificate has expired or is not yet valid") ||
		strings.Contains(s, "outside certificate validity"):
		return fmt.Errorf("has a certificate that was not valid when the log recorded the signature (%s)", s)
	case strings.Contains(s, "certificate signed by unknown authority") || strings.Contains(s, "leaf certificate verification failed"):
		return fmt.Errorf("has a certificate that does not chain to a trusted Fulcio root (%s)", s)
	case strings.Contains(s, "no matching CertificateIdentity") || strings.Contains(s, "expected SAN") || strings.Contains(s, "expected issuer"):
		return fmt.Errorf("is by another identity (%s)", s)
	case strings.Contains(s, "not enough verified log entries"):
		return fmt.Errorf("has no transparency log entry that verifies with a trusted Rekor key (%s)", s)
	case strings.Contains(s, "log inclusion") || strings.Contains(s, "tlog") || strings.Contains(s, "checkpoint") || strings.Contains(s, "inclusion"):
		return fmt.Errorf("has a transparency log entry that does not verify (%s)", s)
	}
	return err
}

// bundleCertificate is the signing certificate in a bundle, unverified (to explain failures).
func bundleCertificate(raw []byte) *x509.Certificate {
	var b struct {
		VerificationMaterial struct {
			Certificate *struct {
				RawBytes []byte `json:"rawBytes"`
			} `json:"certificate"`
			X509CertificateChain *struct {
				Certificates []struct {
					RawBytes []byte `json:"rawBytes"`
				} `json:"certificates"`
			} `json:"x509CertificateChain"`
		} `json:"verificationMaterial"`
	}
	if json.Unmarshal(raw, &b) != nil {
		return nil
	}
	var der []byte
	switch vm := b.VerificationMaterial; {
	case vm.Certificate != nil:
		der = vm.Certificate.RawBytes
	case vm.X509CertificateChain != nil && len(vm.X509CertificateChain.Certificates) > 0:
		der = vm.X509CertificateChain.Certificates[0].RawBytes
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		return nil
	}
	return c
}

// verifyBundles checks img's bundles with check and returns the first that verifies, the
// reasons the others do not, and how many bundles there were.
func verifyBundles(ctx context.Context, img oci.Image, o options, predicateType string, check func(fetchedBundle) (string, error)) (oci.Signature, []string, int, error) {
	bundles, err := fetchBundles(ctx, img, o, predicateType)
	if err != nil {
		return oci.Signature{}, nil, 0, err
	}
	var reasons []string
	for i, fb := range bundles {
		id, err := check(fb)
		if err != nil {
			reasons = append(reasons, fmt.Sprintf("bundle %d (%s) %v", i+1, shortRef(fb.ref), err))
			continue
		}
		return oci.Signature{Ref: fb.ref, KeyID: id, Format: string(FormatBundle)}, nil, len(bundles), nil
	}
	return oci.Signature{}, reasons, len(bundles), nil
}

func shortRef(ref string) string {
	if i := strings.LastIndex(ref, "@sha256:"); i >= 0 && len(ref) >= i+20 {
		return ref[i+1 : i+20]
	}
	return ref
}

// noSignature is the error when neither format holds anything for img.
func noSignature(img oci.Image, legacyTag string) error {
	return fmt.Errorf("no signature for %s: no Sigstore bundle among its OCI referrers and nothing at %s: sign it first (greenlight sign, p.Sign, or cosign sign)", img.Short(), legacyTag)
}

// attestation verifies the bundles of img whose statement has predicateType with check and
// returns the first verified statement.
func attestation(ctx context.Context, img oci.Image, o options, predicateType, signer string, check func(fetchedBundle) error) (Statement, error) {
	var st Statement
	sig, reasons, nb, err := verifyBundles(ctx, img, o, predicateType, func(fb fetchedBundle) (string, error) {
		if err := check(fb); err != nil {
			return "", err
		}
		st, _ = statementOf(fb.raw)
		return "", nil
	})
	if err != nil {
		return Statement{}, err
	}
	if sig.Ref != "" {
		return st, nil
	}
	if nb == 0 {
		return Statement{}, fmt.Errorf("no %s attestation for %s among its OCI referrers: attest it when signing (greenlight sign --attest, or cosign attest)", predicateType, img.Short())
	}
	return Statement{}, fmt.Errorf("no %s attestation for %s verifies with %s: %s", predicateType, img.Short(), signer, strings.Join(reasons, "; "))
}
