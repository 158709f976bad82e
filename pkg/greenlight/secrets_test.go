package greenlight

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/pkg/approval"

	"github.com/greenlight-cd/greenlight/pkg/analysis"
	"github.com/greenlight-cd/greenlight/pkg/secrets"
)

func TestRedactorScrubsEventsAndReports(t *testing.T) {
	pem := "-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\neyJrZGYiOnsibmFtZSI6InNjcnlwdCIsInBhcmFtcyI6\nMTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----"
	r := secrets.NewRedactor([]string{"GITHUB_TOKEN=ghs_canaryTokenValue", "COSIGN_KEY=" + pem, "SLACK_BOT_TOKEN=xoxb-1-2-3", "PATH=/usr/bin",
		"SHORT_TOKEN=abc"}, "explicit-secret")
	if got := r.String("token ghs_canaryTokenValue and explicit-secret, path /usr/bin, abc"); got != "token *** and ***, path /usr/bin, abc" {
		t.Errorf("String: %q", got)
	}
	if got := r.String("line MTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3 of a key"); strings.Contains(got, "MTIzNDU2") {
		t.Errorf("a line of a multi-line key survives: %q", got)
	}
	dec := &approval.Decision{Approved: false, By: "U1", Reason: "bad token xoxb-1-2-3", Env: "production"}
	e := runlog.Event{Kind: runlog.Log, Time: time.Now(), Stage: "test", Message: "curl -H 'Authorization: ghs_canaryTokenValue'",
		Decision: dec, Verdict: &analysis.Verdict{Reason: "explicit-secret seen"}}
	got := redactEvent(r, e)
	b, _ := json.Marshal(got)
	for _, s := range []string{"ghs_canaryTokenValue", "xoxb-1-2-3", "explicit-secret"} {
		if strings.Contains(string(b), s) {
			t.Errorf("event still carries %s: %s", s, b)
		}
	}
	if dec.Reason != "bad token xoxb-1-2-3" || !got.Time.Equal(e.Time) || got.Stage != "test" || got.Decision.Env != "production" {
		t.Errorf("redacting changed the original or lost fields: %+v / %+v", dec, got)
	}

	var rec runlog.Recorder
	sink := redactSink(r, &rec)
	rep, _ := Run(context.Background(), func(p *P) {
		p.Stage("leaky", func(s *Stage) error {
			s.Logf("using ghs_canaryTokenValue")
			s.Result("pushed with explicit-secret")
			return errFmt("login failed for xoxb-1-2-3")
		})
	}, WithSink(sink))
	evs, _ := json.Marshal(rec.Events())
	red, _ := json.Marshal(redactReport(r, rep))
	raw, _ := json.Marshal(rep)
	if !strings.Contains(string(raw), "xoxb-1-2-3") {
		t.Fatal("the unredacted report does not carry the secret: the test proves nothing")
	}
	for _, s := range []string{"ghs_canaryTokenValue", "xoxb-1-2-3", "explicit-secret"} {
		if strings.Contains(string(evs), s) {
			t.Errorf("events carry %s", s)
		}
		if strings.Contains(string(red), s) {
			t.Errorf("report carries %s", s)
		}
	}
	if !strings.Contains(string(red), "login failed for ***") || !strings.Contains(string(evs), "using ***") {
		t.Errorf("redacted text lost its context: %s", red)
	}
	var nilR *secrets.Redactor
	if nilR.String("x-secret") != "x-secret" || redactEvent(nilR, e).Message != e.Message {
		t.Error("a nil Redactor changed text")
	}
}

type errFmt string

func (e errFmt) Error() string { return string(e) }

type closingSink struct {
	runlog.Recorder
	closed bool
	report *runlog.Report
}

func (c *closingSink) Report(r *runlog.Report) { c.report = r }

func (c *closingSink) Close() error { c.closed = true; return nil }

func TestRedactingSinkClosesWhatItWraps(t *testing.T) {
	inner := &closingSink{}
	s := redactSink(secrets.NewRedactor(nil, "s3cr3t-value"), inner)
	s.Emit(runlog.Event{Kind: runlog.Log, Message: "x s3cr3t-value"})
	if ev := inner.Events(); len(ev) != 1 || ev[0].Message != "x ***" {
		t.Fatalf("%+v", ev)
	}
	s.(interface{ Report(*runlog.Report) }).Report(&runlog.Report{Error: "login with s3cr3t-value failed"})
	if inner.report == nil || inner.report.Error != "login with *** failed" {
		t.Errorf("report through the redacting sink: %+v", inner.report)
	}
	if c, ok := s.(interface{ Close() error }); !ok || c.Close() != nil || !inner.closed {
		t.Error("closing the redacting sink did not close the sink it wraps")
	}
}
