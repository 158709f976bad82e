package sign

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
)

// LoadKey reads a private key given either as the path of a key file (cosign.key) or as the
// key's PEM itself, as a CI secret holds it (base64 of the PEM is accepted too). Every place
// that reads COSIGN_KEY reads it through here, so a path and a PEM work the same everywhere.
// Errors never contain the value: it may be the secret.
func LoadKey(pathOrPEM string, password []byte) (*Key, error) {
	v := strings.TrimSpace(pathOrPEM)
	if v == "" {
		return nil, errors.New("no signing key given (create one with `greenlight keygen`)")
	}
	if strings.Contains(v, "-----BEGIN") {
		return ParsePrivateKey([]byte(v), password)
	}
	if len(v) > 64 && !strings.ContainsAny(v, " \n") {
		// base64 of a PEM: a path never decodes to one
		if b, err := base64.StdEncoding.DecodeString(v); err == nil && bytes.Contains(b, []byte("-----BEGIN")) {
			return ParsePrivateKey(b, password)
		}
	}
	b, err := os.ReadFile(v)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("the signing key is neither a PEM key nor a readable file (%v): give the path of cosign.key or its content (create one with `greenlight keygen`)", err)
	}
	k, err := ParsePrivateKey(b, password)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", v, err)
	}
	return k, nil
}
