package slack

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack/slacktest"

	"github.com/greenlight-cd/greenlight/pkg/greenlight"
)

// chat is what the fake Slack saw: messages by ts, with their updates.
type chat struct {
	mu       sync.Mutex
	n        int
	messages map[string]string // ts → latest blocks+text
	threads  map[string][]string
	updates  int
	fail     []int // status codes to answer the next chat.update calls with
}

func (c *chat) bind(s slacktest.Customize) {
	s.Handle("/chat.postMessage", func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		c.mu.Lock()
		defer c.mu.Unlock()
		c.n++
		ts := fmt.Sprintf("1700000000.%06d", c.n)
		if parent := r.Form.Get("thread_ts"); parent != "" {
			c.threads[parent] = append(c.threads[parent], r.Form.Get("text"))
		} else {
			c.messages[ts] = r.Form.Get("blocks") + r.Form.Get("text")
		}
		fmt.Fprintf(w, `{"ok":true,"channel":%q,"ts":%q}`, r.Form.Get("channel"), ts)
	})
	s.Handle("/chat.update", func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		c.mu.Lock()
		defer c.mu.Unlock()
		if len(c.fail) > 0 {
			code := c.fail[0]
			c.fail = c.fail[1:]
			if code == 429 {
				w.Header().Set("Retry-After", "1")
			}
			w.WriteHeader(code)
			return
		}
		ts := r.Form.Get("ts")
		if _, ok := c.messages[ts]; !ok {
			fmt.Fprint(w, `{"ok":false,"error":"message_not_found"}`)
			return
		}
		c.updates++
		c.messages[ts] = r.Form.Get("blocks") + r.Form.Get("text")
		fmt.Fprintf(w, `{"ok":true,"channel":%q,"ts":%q}`, r.Form.Get("channel"), ts)
	})
}

func TestNotifierFollowsARelease(t *testing.T) {
	c := &chat{messages: map[string]string{}, threads: map[string][]string{}, fail: []int{429, 503}}
	srv := slacktest.NewTestServer(c.bind)
	srv.Start()
	defer srv.Stop()
	var logs []string
	n := NewNotifier("xoxb-test", "C0DEPLOY", WithAPIURL(srv.GetAPIURL()), WithLog(func(f string, a ...any) { logs = append(logs, fmt.Sprintf(f, a...)) }))
	n.SetSource(greenlight.Source{Commit: "3f2a9c1d00", Author: "ann", RunURL: "https://github.com/acme/hello/actions/runs/7"})
	n.SetEnvironmentURLs(map[string]string{"staging": "https://staging.hello.example"})
	_, err := greenlight.Run(context.Background(), func(p *greenlight.P) {
		p.Stage("build", func(s *greenlight.Stage) error { s.Result("ghcr.io/acme/hello@sha256:abc"); return nil })
		n.Emit(greenlight.Event{Kind: greenlight.TrafficShifted, Env: "staging", Weight: 100})
		p.Stage("canary", func(s *greenlight.Stage) error { return fmt.Errorf("canary failed at 10%%") })
	}, greenlight.WithName("hello"), greenlight.WithSink(n))
	if err == nil {
		t.Fatal("the pipeline should have failed")
	}
	// A rollback and a failed analysis arrive as events too.
	n.Emit(greenlight.Event{Kind: greenlight.RolledBack, Env: "production", Duration: 1500 * time.Microsecond, Message: "100% of traffic on v1"})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := n.Close(ctx); err != nil {
		t.Fatal(err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.messages) != 1 {
		t.Fatalf("%d top-level messages, want one per release", len(c.messages))
	}
	for ts, msg := range c.messages {
		for _, want := range []string{"Greenlight: hello failed", "build", "canary failed at 10%", "3f2a9c1", "ann", "actions/runs/7", "https://staging.hello.example"} {
			if !strings.Contains(msg, want) && !strings.Contains(unquote(msg), want) {
				t.Errorf("final message lacks %q:\n%s", want, msg)
			}
		}
		if th := c.threads[ts]; len(th) != 1 || !strings.Contains(th[0], "Rolled back in production") {
			t.Errorf("thread replies %q", th)
		}
	}
	if c.updates == 0 || len(c.fail) != 0 {
		t.Errorf("%d updates, %d injected failures left: 429 and 503 should have been retried", c.updates, len(c.fail))
	}
}

func unquote(s string) string { u, _ := url.QueryUnescape(s); return u }

// Slack down: the pipeline runs as if nothing happened, and the notifier says what it dropped.
func TestSlackDownNeverBlocksOrFailsTheRun(t *testing.T) {
	var mu sync.Mutex
	var logs []string
	n := NewNotifier("xoxb-test", "C0DEPLOY", WithAPIURL("http://127.0.0.1:1/"), WithLog(func(f string, a ...any) {
		mu.Lock()
		logs = append(logs, fmt.Sprintf(f, a...))
		mu.Unlock()
	}))
	t0 := time.Now()
	rep, err := greenlight.Run(context.Background(), func(p *greenlight.P) {
		for i := 0; i < 50; i++ {
			p.Stage(fmt.Sprintf("s%d", i), func(*greenlight.Stage) error { return nil })
		}
	}, greenlight.WithSink(n))
	if err != nil || rep.Status != greenlight.Passed || time.Since(t0) > time.Second {
		t.Fatalf("the run was affected: %v, %s in %s", err, rep.Status, time.Since(t0))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	n.Close(ctx)
	mu.Lock()
	defer mu.Unlock()
	if len(logs) == 0 || !strings.Contains(logs[0], "posting the release message") {
		t.Errorf("nothing logged: %q", logs)
	}
}
