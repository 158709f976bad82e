package secrets

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// minFormLen is the shortest transformed form redacted: a fragment shorter than 8 characters
// (the base64 of an aligned 6-byte run) would match ordinary text.
const minFormLen = 8

// Forms returns secret in the forms a program may print it in, the plain value first:
//   - base64, standard and URL alphabets, with and without padding; and, for a secret inside a
//     longer text encoded whole (an Authorization header, a JSON document), the part of each
//     encoding that does not depend on the bytes around it, for each of the three positions
//     the secret can start at in base64's 3-byte groups (up to two 4-character groups at each
//     edge cannot be known, and are left);
//   - URL-encoding, as a query value and as a path segment;
//   - a JSON string's and a Go string's escaping (both with and without HTML escaping);
//   - shell quoting, in single quotes ('\” for a quote) and with backslashes (printf %q).
//
// Forms shorter than 8 characters are left out. The result holds each form once.
func Forms(secret string) []string {
	seen := map[string]bool{}
	var out []string
	add := func(f string) {
		if len(f) >= minFormLen && !seen[f] || f == secret && !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	add(secret)
	b := []byte(secret)
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
		add(enc.EncodeToString(b))
	}
	for align := 0; align < 3; align++ {
		skip := (3 - align) % 3
		if len(b) < skip+3 {
			continue
		}
		core := b[skip : skip+3*((len(b)-skip)/3)]
		add(base64.RawStdEncoding.EncodeToString(core))
		add(base64.RawURLEncoding.EncodeToString(core))
	}
	add(url.QueryEscape(secret))
	add(url.PathEscape(secret))
	if j, err := json.Marshal(secret); err == nil {
		add(string(j[1 : len(j)-1]))
	}
	var j bytes.Buffer
	e := json.NewEncoder(&j)
	e.SetEscapeHTML(false)
	if e.Encode(secret) == nil {
		add(strings.TrimSuffix(strings.TrimSpace(j.String()), `"`)[1:])
	}
	q := strconv.Quote(secret)
	add(q[1 : len(q)-1])
	add(strings.ReplaceAll(secret, "'", `'\''`))
	var bs strings.Builder
	for _, c := range secret {
		if !shellSafe(c) {
			bs.WriteByte('\\')
		}
		bs.WriteRune(c)
	}
	add(bs.String())
	return out
}

// shellSafe: the characters bash's printf %q leaves as they are (checked against bash 5).
func shellSafe(c rune) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("_./-:@%+=", c) || c > 127
}

// matcher finds the secrets' forms in text, leftmost first and, at one position, longest first
// (a form that contains another is replaced whole). Unlike strings.Replacer it can tell where
// a text might end in the beginning of a secret, so that a stream is passed on without cutting
// one in two.
type matcher struct {
	byFirst [256][]string // the patterns by their first byte, longest first
	maxLen  int
}

func newMatcher(patterns []string) *matcher {
	m := &matcher{}
	sort.Slice(patterns, func(i, j int) bool {
		if len(patterns[i]) != len(patterns[j]) {
			return len(patterns[i]) > len(patterns[j])
		}
		return patterns[i] < patterns[j]
	})
	for _, p := range patterns {
		if p == "" {
			continue
		}
		m.byFirst[p[0]] = append(m.byFirst[p[0]], p)
		m.maxLen = max(m.maxLen, len(p))
	}
	return m
}

// scan returns s with every secret replaced, and how much of s it covers: all of it when final;
// otherwise it stops where the rest of s could be the beginning of a secret (which the next
// piece of the stream decides).
func (m *matcher) scan(s string, final bool) (string, int) {
	hold := len(s)
	if !final {
	outer:
		for p := max(0, len(s)-m.maxLen+1); p < len(s); p++ {
			rest := s[p:]
			for _, pat := range m.byFirst[s[p]] {
				if len(pat) > len(rest) && strings.HasPrefix(pat, rest) {
					hold = p
					break outer
				}
			}
		}
	}
	var b strings.Builder
	i, last := 0, 0
	for i < hold {
		n := 0
		for _, pat := range m.byFirst[s[i]] {
			if strings.HasPrefix(s[i:], pat) {
				n = len(pat)
				break
			}
		}
		if n == 0 {
			i++
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(Redacted)
		i += n
		last = i
	}
	b.WriteString(s[last:i])
	return b.String(), i
}

// Writer passes what is written to it on to another writer with every secret of a Redactor
// replaced, even one split across writes or lines: it holds back only the end of the text that
// could be the beginning of a secret, until the next write or Flush decides. What cannot be is
// passed on at once.
type Writer struct {
	r   *Redactor
	w   io.Writer
	mu  sync.Mutex
	buf []byte
}

// NewWriter returns a Writer that passes what is written to w, redacted by r.
func NewWriter(r *Redactor, w io.Writer) *Writer { return &Writer{r: r, w: w} }

// Write implements io.Writer. It reports len(p) written unless w fails.
func (rw *Writer) Write(p []byte) (int, error) {
	rw.mu.Lock()
	defer rw.mu.Unlock()
	m := rw.r.matcher()
	if m == nil {
		if len(rw.buf) > 0 {
			p = append(rw.buf, p...)
			rw.buf = nil
		}
		_, err := rw.w.Write(p)
		return len(p), err
	}
	rw.buf = append(rw.buf, p...)
	out, n := m.scan(string(rw.buf), false)
	rw.buf = append(rw.buf[:0], rw.buf[n:]...)
	if out != "" {
		if _, err := io.WriteString(rw.w, out); err != nil {
			return len(p), err
		}
	}
	return len(p), nil
}

// Flush passes on what is held back, redacted: the end of the stream.
func (rw *Writer) Flush() error {
	rw.mu.Lock()
	defer rw.mu.Unlock()
	if len(rw.buf) == 0 {
		return nil
	}
	s := rw.r.String(string(rw.buf))
	rw.buf = rw.buf[:0]
	_, err := io.WriteString(rw.w, s)
	return err
}
