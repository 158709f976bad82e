package greenlight

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/pkg/protocol"
)

// A request with a query is answered by the handler registered through pkg/protocol, with the
// pipeline's environments and the request's source, on the events stream; nothing runs.
func TestMainAnswersAQueryThroughTheProtocolRegistry(t *testing.T) {
	dir := t.TempDir()
	reqPath, evPath := filepath.Join(dir, "req.json"), filepath.Join(dir, "events")
	if err := protocol.WriteRequest(reqPath, protocol.Request{Commit: "abc123", Query: json.RawMessage(`{"kind":"x"}`)}); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	args := []string{"--request", reqPath, "--events", evPath}
	ran := false
	pipeline := func(p *P) { ran = true }
	env := &Environment{Name: "production", Target: newFakeTarget()}

	protocol.HandleQueries[*Environment, runlog.Source](nil)
	os.WriteFile(evPath, nil, 0o600)
	if code := MainArgs(args, &stderr, pipeline, WithEnvironments(env)); code != 2 || !strings.Contains(stderr.String(), "answers no queries") {
		t.Fatalf("no handler: exit %d, %s", code, stderr.String())
	}

	protocol.HandleQueries(func(ctx context.Context, envs []*Environment, src runlog.Source, q []byte) (any, error) {
		return map[string]string{"env": envs[0].Name, "commit": src.Commit, "query": string(q)}, nil
	})
	defer protocol.HandleQueries[*Environment, runlog.Source](nil)
	if code := MainArgs(args, &stderr, pipeline, WithEnvironments(env)); code != 0 || ran {
		t.Fatalf("exit %d, ran %v: %s", code, ran, stderr.String())
	}
	f, err := os.Open(evPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := protocol.NewReader(f).Next()
	if err != nil || m.Type != protocol.AnswerMessage {
		t.Fatalf("%+v %v", m, err)
	}
	var a map[string]string
	if err := m.Decode(&a); err != nil || a["env"] != "production" || a["commit"] != "abc123" || a["query"] != `{"kind":"x"}` {
		t.Errorf("answer %v %v", a, err)
	}
}
