// Package linelog is a slog.Handler that writes each record as one plain line: the message,
// then any attributes as key=value. Programs (the CLI, the ...FromEnv helpers a pipeline's main
// calls) give libraries a logger made with New where the libraries used to print to stderr,
// so people read the same lines as before.
package linelog

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
)

// New is a logger writing records of level Info and above to w, one plain line each.
func New(w io.Writer) *slog.Logger { return NewLevel(w, slog.LevelInfo) }

// NewLevel is a logger writing records of level min and above to w, one plain line each.
func NewLevel(w io.Writer, min slog.Leveler) *slog.Logger {
	return slog.New(&handler{mu: &sync.Mutex{}, w: w, min: min})
}

type handler struct {
	mu     *sync.Mutex
	w      io.Writer
	min    slog.Leveler
	attrs  string // preformatted " key=value" pairs from WithAttrs
	prefix string // the groups, "a.b."
}

func (h *handler) Enabled(_ context.Context, l slog.Level) bool { return l >= h.min.Level() }

func (h *handler) Handle(_ context.Context, r slog.Record) error {
	var b strings.Builder
	b.WriteString(r.Message)
	b.WriteString(h.attrs)
	r.Attrs(func(a slog.Attr) bool {
		b.WriteString(format(h.prefix, a))
		return true
	})
	b.WriteByte('\n')
	h.mu.Lock()
	defer h.mu.Unlock()
	_, err := io.WriteString(h.w, b.String())
	return err
}

func (h *handler) WithAttrs(attrs []slog.Attr) slog.Handler {
	c := *h
	for _, a := range attrs {
		c.attrs += format(h.prefix, a)
	}
	return &c
}

func (h *handler) WithGroup(name string) slog.Handler {
	if name == "" {
		return h
	}
	c := *h
	c.prefix += name + "."
	return &c
}

// format is " key=value", or "" for an empty attribute; a group's members are each formatted.
func format(prefix string, a slog.Attr) string {
	a.Value = a.Value.Resolve()
	if a.Equal(slog.Attr{}) {
		return ""
	}
	if a.Value.Kind() == slog.KindGroup {
		p := prefix
		if a.Key != "" {
			p += a.Key + "."
		}
		var s string
		for _, g := range a.Value.Group() {
			s += format(p, g)
		}
		return s
	}
	v := a.Value.String()
	if strings.ContainsAny(v, " \t\n\"=") {
		v = fmt.Sprintf("%q", v)
	}
	return " " + prefix + a.Key + "=" + v
}
