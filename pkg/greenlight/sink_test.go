package greenlight

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"github.com/greenlight-cd/greenlight/pkg/runlog"
)

// failingCloser is a sink (a notifier with a queue) whose Close fails.
type failingCloser struct{ runlog.Recorder }

func (*failingCloser) Close() error { return errors.New("flush failed for token s3cr3t-value") }

// A sink that fails to close is logged on the run's logger, redacted, not written to os.Stderr.
func TestASinkThatFailsToCloseIsLoggedOnTheRunsLogger(t *testing.T) {
	t.Setenv("DEPLOY_TOKEN", "s3cr3t-value")
	var buf bytes.Buffer
	_, err := Run(context.Background(), func(p *P) {}, WithSink(&failingCloser{}), withRunID("r1"),
		WithLogger(slog.New(slog.NewTextHandler(&buf, nil))))
	if err != nil {
		t.Fatal(err)
	}
	got := buf.String()
	if !strings.Contains(got, "closing a notifier") || !strings.Contains(got, "flush failed for token ***") || !strings.Contains(got, "run=r1") {
		t.Errorf("log: %q", got)
	}
	if strings.Contains(got, "s3cr3t-value") {
		t.Errorf("the log carries the secret: %q", got)
	}

	// Main logs where the program's errors go.
	var stderr bytes.Buffer
	if code := MainArgs([]string{"--quiet"}, &stderr, func(p *P) {}, WithSink(&failingCloser{})); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "closing a notifier") {
		t.Errorf("Main's standard error: %q", stderr.String())
	}
}
