package sign

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/greenlight-cd/greenlight/internal/sigstorefake"
	"github.com/greenlight-cd/greenlight/internal/testutil"
)

// The interoperability matrix: signed by {Greenlight legacy, Greenlight bundle, cosign v2,
// cosign v3} × verified by {Greenlight, cosign v2, cosign v3}, with a key and keyless (the fake
// Fulcio and Rekor), every cell a subtest against the real cosign CLIs (.ci/tools.sh builds
// v2.6.5 as cosign and v3.1.3 as cosign3). Each cell signs a fresh image, so a cell passes only
// on the signature its signer made.

// cosignCLI runs one cosign binary offline.
type cosignCLI struct {
	name, tool string
	v3         bool
}

func (c cosignCLI) run(t *testing.T, env []string, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, testutil.Tool(t, c.tool), args...)
	cmd.Env = append(append(testutil.OfflineEnv(), "COSIGN_PASSWORD=", "TUF_ROOT="+t.TempDir()), env...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

var cosigns = []cosignCLI{{name: "cosign v2", tool: "cosign"}, {name: "cosign v3", tool: "cosign3", v3: true}}

// matrixSetup is one mode of the matrix (key or keyless): how each party signs and verifies.
type matrixSetup struct {
	glSigner   func(Format) oci.Signer
	glVerifier oci.Verifier
	// cosignSign and cosignVerify are the arguments before the image reference.
	cosignSign   func(t *testing.T, c cosignCLI) []string
	cosignVerify func(c cosignCLI, bundle bool) []string
	// wrong are the same verify arguments trusting another key or identity: a control that
	// each cell's cosign really checks what it is given.
	wrong func(c cosignCLI, bundle bool) []string
	// glWrong is Greenlight's verifier trusting another key or identity.
	glWrong oci.Verifier
	env     []string
}

// keyFiles writes a new key pair (cosign.key with the empty password, cosign.pub) and an empty
// trusted root for cosign into dir.
func keyFiles(t *testing.T, dir string) (k *Key, keyPath, pubPath, emptyRoot string) {
	t.Helper()
	k, _ = GenerateKey()
	keyPath, pubPath, err := k.WriteFiles(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	emptyRoot = filepath.Join(dir, "empty_root.json")
	os.WriteFile(emptyRoot, []byte(sigstorefake.EmptyTrustedRootJSON), 0o644)
	return k, keyPath, pubPath, emptyRoot
}

func keySetup(t *testing.T) matrixSetup {
	dir := t.TempDir()
	k, keyPath, pubPath, empty := keyFiles(t, dir)
	v, _ := NewVerifier(k.PublicPEM())
	other, _ := GenerateKey()
	otherPub := filepath.Join(dir, "other.pub")
	os.WriteFile(otherPub, other.PublicPEM(), 0o644)
	vWrong, _ := NewVerifier(other.PublicPEM())
	verifyArgs := func(pub string, c cosignCLI, bundle bool) []string {
		args := []string{"verify", "--key", pub, "--insecure-ignore-tlog=true"}
		if bundle {
			args = append(args, "--new-bundle-format", "--trusted-root", empty)
		} else if c.v3 {
			args = append(args, "--new-bundle-format=false")
		}
		return args
	}
	return matrixSetup{
		wrong:      func(c cosignCLI, bundle bool) []string { return verifyArgs(otherPub, c, bundle) },
		glWrong:    vWrong,
		glSigner:   func(f Format) oci.Signer { s, _ := NewSigner(k, WithFormat(f)); return s },
		glVerifier: v,
		cosignSign: func(_ *testing.T, c cosignCLI) []string {
			if c.v3 {
				// cosign v3 signs a bundle by default; offline it must not use the public signing config.
				return []string{"sign", "--key", keyPath, "--tlog-upload=false", "--use-signing-config=false", "--yes"}
			}
			return []string{"sign", "--key", keyPath, "--tlog-upload=false", "--yes"}
		},
		cosignVerify: func(c cosignCLI, bundle bool) []string { return verifyArgs(pubPath, c, bundle) },
	}
}

func keylessSetup(t *testing.T) matrixSetup {
	ss := sigstorefake.New()
	t.Cleanup(ss.Close)
	dir := t.TempDir()
	root, rekorPub, trusted := filepath.Join(dir, "root.pem"), filepath.Join(dir, "rekor.pub"), filepath.Join(dir, "trusted_root.json")
	os.WriteFile(root, ss.RootPEM(), 0o644)
	os.WriteFile(rekorPub, ss.RekorPublicKeyPEM(), 0o644)
	os.WriteFile(trusted, ss.TrustedRootJSON(), 0o644)
	id := Identity{SubjectRegexp: `^https://github\.com/acme/hello/\.github/workflows/deploy\.yml@refs/heads/main$`, Issuer: ss.Issuer.URL}
	v, err := NewKeylessVerifierFromTrustedRoot(ss.TrustedRootJSON(), id)
	if err != nil {
		t.Fatal(err)
	}
	evil := Identity{SubjectRegexp: `^https://github\.com/evil/`, Issuer: ss.Issuer.URL}
	vWrong, _ := NewKeylessVerifierFromTrustedRoot(ss.TrustedRootJSON(), evil)
	verifyArgs := func(id Identity, c cosignCLI, bundle bool) []string {
		args := []string{"verify", "--certificate-identity-regexp", id.SubjectRegexp, "--certificate-oidc-issuer", id.Issuer, "--insecure-ignore-sct"}
		if bundle || c.v3 {
			args = append(args, "--trusted-root", trusted)
		}
		if bundle {
			args = append(args, "--new-bundle-format")
		} else if c.v3 {
			args = append(args, "--new-bundle-format=false")
		}
		return args
	}
	token := func() string { return ss.Token("acme/hello", workflow, "refs/heads/main", "sigstore", 5*time.Minute) }
	signingConfig := filepath.Join(dir, "signing_config.json")
	return matrixSetup{
		glSigner: func(f Format) oci.Signer {
			return NewKeyless(func(context.Context) (string, error) { return token(), nil }, ss.Fulcio.URL, ss.Rekor.URL, v, WithFormat(f))
		},
		glVerifier: v,
		cosignSign: func(t *testing.T, c cosignCLI) []string {
			if c.v3 {
				if _, err := os.Stat(signingConfig); err != nil {
					if out, err := c.run(t, nil, "signing-config", "create", "--fulcio", "url="+ss.Fulcio.URL+",api-version=1,start-time=2024-01-01T00:00:00Z,operator=fake",
						"--rekor", "url="+ss.Rekor.URL+",api-version=1,start-time=2024-01-01T00:00:00Z,operator=fake", "--rekor-config", "ANY", "--out", signingConfig); err != nil {
						t.Fatalf("cosign v3 signing-config create: %v\n%s", err, out)
					}
				}
				return []string{"sign", "--signing-config", signingConfig, "--trusted-root", trusted, "--identity-token", token(), "--yes"}
			}
			return []string{"sign", "--fulcio-url", ss.Fulcio.URL, "--rekor-url", ss.Rekor.URL, "--identity-token", token(), "--insecure-skip-verify", "--yes"}
		},
		cosignVerify: func(c cosignCLI, bundle bool) []string { return verifyArgs(id, c, bundle) },
		wrong:        func(c cosignCLI, bundle bool) []string { return verifyArgs(evil, c, bundle) },
		glWrong:      vWrong,
		env:          []string{"SIGSTORE_ROOT_FILE=" + root, "SIGSTORE_REKOR_PUBLIC_KEY=" + rekorPub},
	}
}

func TestInteropMatrix(t *testing.T) {
	clis := cosigns
	for _, mode := range []struct {
		name  string
		setup func(*testing.T) matrixSetup
	}{{"key", keySetup}, {"keyless", keylessSetup}} {
		t.Run(mode.name, func(t *testing.T) {
			m := mode.setup(t)
			reg := testutil.Registry(t)
			ctx := context.Background()
			type signer struct {
				name   string
				bundle bool
				sign   func(t *testing.T, img oci.Image) error
			}
			signers := []signer{
				{"greenlight legacy", false, func(_ *testing.T, img oci.Image) error {
					_, err := m.glSigner(FormatLegacy).Sign(ctx, img)
					return err
				}},
				{"greenlight bundle", true, func(_ *testing.T, img oci.Image) error {
					_, err := m.glSigner(FormatBundle).Sign(ctx, img)
					return err
				}},
			}
			for _, c := range clis {
				signers = append(signers, signer{c.name, c.v3, func(t *testing.T, img oci.Image) error {
					out, err := c.run(t, m.env, append(m.cosignSign(t, c), img.String())...)
					if err != nil {
						t.Logf("%s sign:\n%s", c.name, out)
					}
					return err
				}})
			}
			for _, s := range signers {
				t.Run("signed by "+s.name, func(t *testing.T) {
					t.Run("verified by greenlight", func(t *testing.T) {
						img := pushRandom(t, reg.Repo("acme/hello"))
						if err := s.sign(t, img); err != nil {
							t.Fatal(err)
						}
						sig, err := m.glVerifier.Verify(ctx, img)
						if err != nil {
							t.Fatal(err)
						}
						if want := map[bool]string{true: "bundle", false: "legacy"}[s.bundle]; sig.Format != want {
							t.Errorf("verified a %s signature, want %s", sig.Format, want)
						}
						if _, err := m.glWrong.Verify(ctx, img); err == nil {
							t.Error("a verifier trusting another key or identity accepted it")
						}
					})
					for _, c := range clis {
						t.Run("verified by "+c.name, func(t *testing.T) {
							img := pushRandom(t, reg.Repo("acme/hello"))
							if err := s.sign(t, img); err != nil {
								t.Fatal(err)
							}
							if out, err := c.run(t, m.env, append(m.cosignVerify(c, s.bundle), img.String())...); err != nil {
								t.Fatalf("%s refused it: %v\n%s", c.name, err, out)
							}
							if out, err := c.run(t, m.env, append(m.wrong(c, s.bundle), img.String())...); err == nil {
								t.Fatalf("%s accepted it trusting another key or identity:\n%s", c.name, out)
							}
						})
					}
				})
			}
		})
	}
}

// Defect: Greenlight could not verify a signature cosign v3 made with its defaults (a Sigstore
// bundle stored as an OCI referrer) and said "no signature … sign it first" although the image
// was signed with `cosign sign`.
func TestVerifiesCosignV3DefaultSignature(t *testing.T) {
	c := cosigns[1]
	reg := testutil.Registry(t)
	img := pushRandom(t, reg.Repo("acme/hello"))
	k, keyPath, _, _ := keyFiles(t, t.TempDir())
	if out, err := c.run(t, nil, "sign", "--key", keyPath, "--tlog-upload=false", "--use-signing-config=false", "--yes", img.String()); err != nil {
		t.Fatalf("cosign v3 sign: %v\n%s", err, out)
	}
	v, _ := NewVerifier(k.PublicPEM())
	if _, err := v.Verify(context.Background(), img); err != nil {
		t.Fatalf("Greenlight refused cosign v3's default signature: %v", err)
	}
}

// Attestations interoperate too: cosign v3 verifies Greenlight's signed SBOM and provenance
// (verify-attestation --type), and Greenlight verifies an attestation cosign v3 made.
func TestAttestationsInteropWithCosignV3(t *testing.T) {
	c := cosigns[1]
	ctx := context.Background()
	reg := testutil.Registry(t)
	dir := t.TempDir()
	k, keyPath, pubPath, empty := keyFiles(t, dir)
	s, _ := NewSigner(k)
	img := pushRandom(t, reg.Repo("acme/hello"))
	if _, err := s.Attest(ctx, img, "https://slsa.dev/provenance/v1", map[string]any{"buildDefinition": map[string]any{"buildType": "https://actions.github.io/buildtypes/workflow/v1"}}); err != nil {
		t.Fatal(err)
	}
	if out, err := c.run(t, nil, "verify-attestation", "--key", pubPath, "--type", "slsaprovenance1", "--insecure-ignore-tlog=true", "--trusted-root", empty, img.String()); err != nil {
		t.Fatalf("cosign v3 refused Greenlight's provenance: %v\n%s", err, out)
	}
	pred := filepath.Join(dir, "bom.json")
	os.WriteFile(pred, []byte(`{"bomFormat":"CycloneDX","specVersion":"1.5","version":1,"components":[]}`), 0o644)
	if out, err := c.run(t, nil, "attest", "--key", keyPath, "--type", "cyclonedx", "--predicate", pred, "--tlog-upload=false", "--use-signing-config=false", "--yes", img.String()); err != nil {
		t.Fatalf("cosign v3 attest: %v\n%s", err, out)
	}
	v, _ := NewVerifier(k.PublicPEM())
	st, err := v.VerifyAttestation(ctx, img, "https://cyclonedx.org/bom")
	if err != nil {
		t.Fatalf("Greenlight refused cosign v3's attestation: %v", err)
	}
	if !strings.Contains(string(st.Predicate), "CycloneDX") {
		t.Errorf("predicate %s", st.Predicate)
	}
}
