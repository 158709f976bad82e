package sign

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/greenlight-cd/greenlight/pkg/sign/attest"
)

// A release's files get one signed SLSA provenance, a Sigstore bundle next to them, that cosign
// checks for each file with verify-blob-attestation (as a user checks a downloaded binary): it
// accepts every file named in it and refuses a file whose content changed and another key.
func TestAttestFilesVerifiesWithCosign(t *testing.T) {
	c := cosigns[1]
	dir := t.TempDir()
	k, _, pubPath, empty := keyFiles(t, dir)
	var files []string
	for _, n := range []string{"greenlight_linux_amd64", "greenlight_darwin_arm64"} {
		p := filepath.Join(dir, n)
		os.WriteFile(p, []byte("binary "+n), 0o755)
		files = append(files, p)
	}
	subjects, err := FileSubjects(files...)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := NewSigner(k)
	b := attest.Build{Repository: "greenlight-cd/greenlight", Commit: "0123456789abcdef0123456789abcdef01234567", Ref: "refs/tags/v0.1.0",
		WorkflowRef: "greenlight-cd/greenlight/.github/workflows/release.yml@refs/tags/v0.1.0", ServerURL: "https://github.com", EventName: "push"}
	bundle, err := s.AttestFiles(context.Background(), subjects, attest.SLSAProvenanceV1, attest.Provenance(b))
	if err != nil {
		t.Fatal(err)
	}
	bp := filepath.Join(dir, "provenance.sigstore.json")
	os.WriteFile(bp, bundle, 0o644)
	verify := func(pub, file string) error {
		_, err := c.run(t, nil, "verify-blob-attestation", "--bundle", bp, "--key", pub, "--type", "slsaprovenance1",
			"--insecure-ignore-tlog=true", "--trusted-root", empty, "--new-bundle-format", file)
		return err
	}
	for _, f := range files {
		if out, err := c.run(t, nil, "verify-blob-attestation", "--bundle", bp, "--key", pubPath, "--type", "slsaprovenance1",
			"--insecure-ignore-tlog=true", "--trusted-root", empty, "--new-bundle-format", f); err != nil {
			t.Fatalf("cosign refused the provenance of %s: %v\n%s", filepath.Base(f), err, out)
		}
	}
	os.WriteFile(files[0], []byte("another binary"), 0o755)
	if verify(pubPath, files[0]) == nil {
		t.Error("cosign accepted a changed file")
	}
	other, _ := GenerateKey()
	otherPub := filepath.Join(dir, "other.pub")
	os.WriteFile(otherPub, other.PublicPEM(), 0o644)
	if verify(otherPub, files[1]) == nil {
		t.Error("cosign accepted another key")
	}
	if _, err := FileSubjects(files[0], filepath.Join(t.TempDir(), filepath.Base(files[0]))); err == nil {
		t.Error("two subjects of the same name")
	}
}
