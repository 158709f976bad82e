// Package secrets keeps credentials out of what a pipeline shows and what it runs: a Redactor
// replaces secret values in text (and in any value, see Copy), the way GitHub masks secrets in
// a job's log, and ChildEnv is the environment of a process the pipeline runs for the author
// (go test, go build), with no credential in it. IsSecretName is the one rule for which
// environment variables hold credentials.
//
// This package imports only the standard library; pkg/greenlight redacts its events and
// reports with it.
package secrets

import (
	"reflect"
	"strings"
	"sync"
)

// Redacted is what a secret value is replaced with.
const Redacted = "***"

// MinSecretLen is the shortest value a Redactor replaces: shorter values ("1", "true") would
// turn every log line into asterisks and hide nothing worth hiding.
const MinSecretLen = 6

// Redactor replaces known secret values with "***" in text, and through Copy in events and
// reports, the way GitHub masks secrets in a job's log, so that no log line, summary, report or
// Slack message carries one. Each value is also redacted in the forms a program turns it into
// (see Add). The zero value and nil redact nothing. It is safe for concurrent use.
type Redactor struct {
	mu      sync.RWMutex
	secrets map[string]bool
	m       *matcher
}

// NewRedactor returns a Redactor for the values of every variable in environ (as os.Environ
// returns them) whose name IsSecretName says holds a credential or that environ's NamesVar
// lists, plus the given values. Values shorter than MinSecretLen are ignored.
func NewRedactor(environ []string, values ...string) *Redactor {
	r := &Redactor{}
	isSecret := isSecretIn(environ)
	for _, kv := range environ {
		if name, v, ok := strings.Cut(kv, "="); ok && isSecret(name) {
			r.Add(v)
		}
	}
	r.Add(values...)
	return r
}

// Add makes r redact values too, each in its plain form and in the forms a program turns it
// into (Forms): base64, URL-encoding, JSON, Go and shell quoting. A multi-line value (a PEM key)
// is also redacted line by line, so that a key printed across several log lines is caught
// even when its lines are printed apart.
func (r *Redactor) Add(values ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.secrets == nil {
		r.secrets = map[string]bool{}
	}
	for _, v := range values {
		v = strings.TrimSpace(v)
		if len(v) < MinSecretLen {
			continue
		}
		for _, f := range Forms(v) {
			r.secrets[f] = true
		}
		if strings.Contains(v, "\n") {
			for _, line := range strings.Split(v, "\n") {
				line = strings.TrimSpace(line)
				// PEM armour ("-----BEGIN ... KEY-----") is not secret; the base64 lines are.
				if len(line) >= 16 && !strings.HasPrefix(line, "-----") {
					r.secrets[line] = true
				}
			}
		}
	}
	all := make([]string, 0, len(r.secrets))
	for s := range r.secrets {
		all = append(all, s)
	}
	r.m = newMatcher(all)
}

func (r *Redactor) matcher() *matcher {
	if r == nil {
		return nil
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.m
}

// String returns s with every known secret value, in every form, replaced by "***".
func (r *Redactor) String(s string) string {
	m := r.matcher()
	if m == nil || s == "" {
		return s
	}
	out, _ := m.scan(s, true)
	return out
}

// Copy returns a deep copy of v with every string in it (fields, slice and map elements, what
// pointers and interfaces hold) redacted by r; v itself, and what its pointers point to, are not
// modified. Unexported fields (time.Time's) are copied as they are. When r redacts nothing
// (nil, or no secret known), Copy returns v as it is.
func Copy[T any](r *Redactor, v T) T {
	if r.matcher() == nil {
		return v
	}
	var out T
	reflect.ValueOf(&out).Elem().Set(redactCopy(r.String, reflect.ValueOf(&v).Elem()))
	return out
}

// redactCopy returns a deep copy of v with every string replaced through rep. Unexported fields
// (time.Time's) are copied as they are.
func redactCopy(rep func(string) string, v reflect.Value) reflect.Value {
	switch v.Kind() {
	case reflect.String:
		out := reflect.New(v.Type()).Elem()
		out.SetString(rep(v.String()))
		return out
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		out := reflect.New(v.Type().Elem())
		out.Elem().Set(redactCopy(rep, v.Elem()))
		return out
	case reflect.Struct:
		out := reflect.New(v.Type()).Elem()
		out.Set(v)
		for i := 0; i < v.NumField(); i++ {
			if f := out.Field(i); f.CanSet() {
				f.Set(redactCopy(rep, v.Field(i)))
			}
		}
		return out
	case reflect.Slice:
		if v.IsNil() {
			return v
		}
		out := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := 0; i < v.Len(); i++ {
			out.Index(i).Set(redactCopy(rep, v.Index(i)))
		}
		return out
	case reflect.Array:
		out := reflect.New(v.Type()).Elem()
		for i := 0; i < v.Len(); i++ {
			out.Index(i).Set(redactCopy(rep, v.Index(i)))
		}
		return out
	case reflect.Map:
		if v.IsNil() {
			return v
		}
		out := reflect.MakeMapWithSize(v.Type(), v.Len())
		it := v.MapRange()
		for it.Next() {
			out.SetMapIndex(redactCopy(rep, it.Key()), redactCopy(rep, it.Value()))
		}
		return out
	case reflect.Interface:
		if v.IsNil() {
			return v
		}
		out := reflect.New(v.Type()).Elem()
		out.Set(redactCopy(rep, v.Elem()))
		return out
	default:
		return v
	}
}
