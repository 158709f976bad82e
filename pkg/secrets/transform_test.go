package secrets

import (
	"encoding/base64"
	"encoding/json"
	"net/url"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// A secret is redacted in the forms it takes when a program encodes it (issue 21, defect 6):
// base64 (standard and URL, padded or not, and inside a longer base64 text at each of the three
// byte alignments), URL-encoding, JSON and Go string escaping, and shell quoting.
func TestRedactorCatchesTransformedForms(t *testing.T) {
	const secret = `p4ss/w+rd "with" 'quotes' & spaces?=é`
	r := NewRedactor(nil, secret)
	b64 := func(enc *base64.Encoding, s string) string { return enc.EncodeToString([]byte(s)) }
	jsonEsc := func(s string) string { b, _ := json.Marshal(s); return string(b[1 : len(b)-1]) }
	shellQ := "'" + strings.ReplaceAll(secret, "'", `'\''`) + "'"
	// bash's own printf %q is the reference for backslash quoting.
	printfQ, err := exec.Command("bash", "-c", `printf %q "$1"`, "bash", secret).Output()
	if err != nil {
		t.Fatalf("bash: %v", err)
	}
	forms := map[string]string{
		"base64":          b64(base64.StdEncoding, secret),
		"base64 raw":      b64(base64.RawStdEncoding, secret),
		"base64 url":      b64(base64.URLEncoding, secret),
		"base64 url raw":  b64(base64.RawURLEncoding, secret),
		"query escape":    url.QueryEscape(secret),
		"path escape":     url.PathEscape(secret),
		"json":            jsonEsc(secret),
		"go quoted":       strconv.Quote(secret),
		"shell quoted":    shellQ,
		"shell backslash": string(printfQ),
	}
	for name, form := range forms {
		got := r.String("before " + form + " after")
		if !strings.Contains(got, Redacted) || strings.Contains(got, form[len(form)/4:3*len(form)/4]) {
			t.Errorf("%s form survives: %q", name, got)
		}
	}
	// Inside a longer text encoded whole (a basic-auth header, a JSON document in base64): the
	// secret starts at each byte alignment of base64's 3-byte groups.
	for _, prefix := range []string{"user:", "user:x", "user:xy"} {
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding} {
			text := b64(enc, prefix+secret+"@host")
			got := r.String("Authorization: Basic " + text)
			if !strings.Contains(got, Redacted) {
				t.Errorf("base64 at alignment %d survives: %q", len(prefix)%3, got)
			}
			// What is left is the text around the secret and at most the two groups at its edges.
			if left := len(got) - len("Authorization: Basic ") - len(Redacted); left > len(b64(enc, prefix+"@host"))+8 {
				t.Errorf("alignment %d: %d characters left around the redaction: %q", len(prefix)%3, left, got)
			}
		}
	}
	// Common text is not touched by the forms.
	if got := r.String("a perfectly ordinary line, with base64 aGVsbG8gd29ybGQ="); strings.Contains(got, Redacted) {
		t.Errorf("ordinary text redacted: %q", got)
	}
}

// A secret split across two writes, across a piece of a line longer than 64 KiB and across
// lines (a multi-line key), is redacted as a whole; what is no secret passes unchanged.
func TestWriterRedactsAcrossChunksAndLines(t *testing.T) {
	const s = "canary-chunk-secret-8d7e6f"
	pem := "-----BEGIN KEY-----\nshort\nline-two-of-key\n-----END KEY-----"
	r := NewRedactor(nil, s, pem)
	var out strings.Builder
	w := NewWriter(r, &out)
	long := strings.Repeat("a", 64<<10)
	w.Write([]byte(long + s[:9]))
	w.Write([]byte(s[9:] + " tail\n"))
	w.Write([]byte("key: " + pem[:25]))
	w.Write([]byte(pem[25:] + "\nlast line without newline "))
	w.Write([]byte(s[:3]))
	w.Flush()
	want := long + Redacted + " tail\nkey: " + Redacted + "\nlast line without newline can"
	if got := out.String(); got != want {
		t.Errorf("got %q…%q", got[:20], got[len(long)-10:])
	}
	// A complete line that cannot start a secret is passed on at once.
	out.Reset()
	w.Write([]byte("progress 10%\n"))
	if out.String() != "progress 10%\n" {
		t.Errorf("a line was held back: %q", out.String())
	}
}
