package linelog

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"testing"
)

func TestLinesAreTheMessageThenTheAttributes(t *testing.T) {
	var b bytes.Buffer
	l := New(&b)
	l.Warn("slack: posting the release message: boom")
	l.Debug("not shown")
	l.With("env", "production").WithGroup("req").Info("done", "id", 7, "err", errors.New("two words"))
	want := "slack: posting the release message: boom\ndone env=production req.id=7 req.err=\"two words\"\n"
	if b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
	if !l.Enabled(context.Background(), slog.LevelInfo) || l.Enabled(context.Background(), slog.LevelDebug) {
		t.Error("levels")
	}
}
