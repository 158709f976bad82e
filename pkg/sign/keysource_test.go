package sign

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// COSIGN_KEY works the same as a path, as the PEM itself (a CI secret) and as base64 of the
// PEM; errors never repeat the value, which may be the secret.
func TestLoadKeyTakesAPathOrAPEM(t *testing.T) {
	k, _ := GenerateKey()
	pw := []byte("pw")
	pem, _ := k.EncryptedPEM(pw)
	path := filepath.Join(t.TempDir(), "cosign.key")
	os.WriteFile(path, pem, 0o600)
	want := KeyID(&k.priv.PublicKey)
	// base64 of a PEM often holds "/" (here forced by leading bytes the PEM decoder skips): it
	// must not be taken for a path.
	b64 := base64.StdEncoding.EncodeToString(append([]byte{0xff, 0xff, 0xff, '\n'}, pem...))
	if !strings.Contains(b64, "/") {
		t.Fatal("the test needs a base64 value with a /")
	}
	if _, err := LoadKey(b64, pw); err != nil {
		t.Errorf("base64 with a /: %v", err)
	}
	for name, v := range map[string]string{"path": path, "pem": string(pem), "pem with blank lines": "\n" + string(pem) + "\n", "base64": base64.StdEncoding.EncodeToString(pem)} {
		got, err := LoadKey(v, pw)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if KeyID(&got.priv.PublicKey) != want {
			t.Errorf("%s: another key", name)
		}
	}
	if _, err := LoadKey(string(pem), []byte("wrong")); err == nil || !strings.Contains(err.Error(), "COSIGN_PASSWORD") {
		t.Errorf("wrong password: %v", err)
	}
	secret := "c2VjcmV0IHRoYXQgaXMgbm90IGEga2V5IGF0IGFsbCBidXQgaXMgbG9uZyBlbm91Z2ggdG8gbG9vayBsaWtlIG9uZQ"
	for _, v := range []string{secret, "-----BEGIN NOTHING-----\n" + secret + "\n-----END NOTHING-----\n", filepath.Join(t.TempDir(), "missing.key")} {
		_, err := LoadKey(v, pw)
		if err == nil {
			t.Errorf("%q accepted", v)
			continue
		}
		if strings.Contains(err.Error(), secret) {
			t.Errorf("the error repeats the value: %v", err)
		}
	}
	if _, err := LoadKey("  ", nil); err == nil || !strings.Contains(err.Error(), "greenlight keygen") {
		t.Errorf("empty: %v", err)
	}
	t.Setenv("COSIGN_KEY", "")
	if _, ok, err := KeyFromEnv(); ok || err != nil {
		t.Errorf("unset: %v %v", ok, err)
	}
	t.Setenv("COSIGN_KEY", string(pem))
	t.Setenv("COSIGN_PASSWORD", "pw")
	if got, ok, err := KeyFromEnv(); !ok || err != nil || KeyID(&got.priv.PublicKey) != want {
		t.Errorf("from the environment: %v %v", ok, err)
	}
}
