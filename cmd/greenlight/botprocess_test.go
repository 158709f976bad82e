package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/internal/githubfake"
	"github.com/greenlight-cd/greenlight/internal/slackfake"
	"github.com/greenlight-cd/greenlight/pkg/slack"
)

var (
	botBinOnce sync.Once
	botBin     string
	botBinErr  error
)

// greenlightBinary builds the CLI once for the tests that run it as a process.
func greenlightBinary(t *testing.T) string {
	t.Helper()
	botBinOnce.Do(func() {
		dir, err := os.MkdirTemp("", "greenlight-bin")
		if err != nil {
			botBinErr = err
			return
		}
		botBin = filepath.Join(dir, "greenlight")
		if out, err := exec.Command("go", "build", "-o", botBin, ".").CombinedOutput(); err != nil {
			botBinErr = fmt.Errorf("%v\n%s", err, out)
		}
	})
	if botBinErr != nil {
		t.Fatalf("building the CLI: %v", botBinErr)
	}
	return botBin
}

// signedCommand is a slash command as Slack sends it, with its signature headers.
func signedCommand(secret, user, text, responseURL string) (body string, header http.Header) {
	body = url.Values{"team_id": {slackfake.TeamID}, "api_app_id": {slackfake.AppID}, "user_id": {user}, "command": {"/greenlight"},
		"text": {text}, "response_url": {responseURL}}.Encode()
	ts := time.Now().Unix()
	header = http.Header{"Content-Type": {"application/x-www-form-urlencoded"}, "X-Slack-Request-Timestamp": {strconv.FormatInt(ts, 10)},
		"X-Slack-Signature": {slack.Sign(secret, ts, []byte(body))}}
	return body, header
}

// `greenlight bot` as a process, as a container runs it, on SIGTERM: a request half received
// when the signal comes is answered, a command acknowledged before it (waiting on a slow
// user-group lookup) is carried out and its answer delivered through response_url, new
// connections are refused, and the process exits 0. Its log on stderr is JSON, one record a
// line, each request with a request_id that the work it started logs too, and no secret of its
// environment appears in what it writes, not even a response_url.
func TestBotProcessShutsDownGracefullyAndLogsNoSecret(t *testing.T) {
	bin := greenlightBinary(t)
	gh := githubfake.New(strings.Repeat("a", 40))
	defer gh.Close()
	wf, err := os.ReadFile(filepath.Join("..", "..", ".github", "workflows", "deploy-example.yml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := gh.Workflow("deploy.yml", wf); err != nil {
		t.Fatal(err)
	}
	secrets := map[string]string{"GITHUB_TOKEN": "ghs_s3cr3tGitHubAppToken", "SLACK_SIGNING_SECRET": "s3cr3t-signing-secret-8f1e",
		"SLACK_APP_TOKEN": "xapp-1-s3cr3t-app-token"}
	gh.Token(secrets["GITHUB_TOKEN"], githubfake.AllPermissions)
	gh.App(secrets["GITHUB_TOKEN"], "acme-greenlight")
	sf := slackfake.New(map[string][]string{"SRELEASE": {"UCAROL"}})
	defer sf.Stop()
	sf.Delay("usergroups.users.list", 3*time.Second) // a slow Slack: the work outlives the signal
	cfg := filepath.Join(t.TempDir(), "slack.yml")
	os.WriteFile(cfg, []byte("people:\n  carol: UCAROL\nenvironments:\n  production:\n    rollback: [SRELEASE]\n"), 0o644)
	addr, health := freeAddr(t), freeAddr(t)
	cmd := exec.Command(bin, "bot", "--socket=false", "--addr", addr, "--health-addr", health, "--repo", "acme/hello", "--api", gh.URL,
		"--local-config", "--config", cfg, "--slack-api", sf.GetAPIURL(), "--log-format", "json", "--log-level", "debug")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "SLACK_BOT_TOKEN=" + slackfake.Token, "SLACK_APP_ID=" + slackfake.AppID}
	for k, v := range secrets {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			<-exited
		}
	}()
	ready, launched := false, time.Now()
	for i := 0; i < 200 && !ready; i++ {
		if resp, err := http.Get("http://" + health + "/readyz"); err == nil {
			resp.Body.Close()
			ready = resp.StatusCode == 200
		}
		if !ready {
			time.Sleep(50 * time.Millisecond)
		}
	}
	if !ready {
		t.Fatalf("the bot never became ready:\n%s", stderr.String())
	}
	t.Logf("ready %s after start", time.Since(launched).Round(time.Millisecond))

	// carol's rollback: acknowledged at once, then it waits on the user group.
	hook := sf.ResponseURL()
	body, hdr := signedCommand(secrets["SLACK_SIGNING_SECRET"], "UCAROL", "rollback production", hook)
	req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/slack/commands", strings.NewReader(body))
	req.Header = hdr
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	ack, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(ack), "Checking whether you may") {
		t.Fatalf("ack %s", ack)
	}
	// dan's, whose answer goes to a response_url that does not answer: the bot logs that it
	// could not answer, not the URL.
	deadHook := "http://" + freeAddr(t) + "/hooks/T0SECRET/B0SECRET/s3cr3tHookPath"
	body, hdr = signedCommand(secrets["SLACK_SIGNING_SECRET"], "UDAN", "rollback production", deadHook)
	req, _ = http.NewRequest(http.MethodPost, "http://"+addr+"/slack/commands", strings.NewReader(body))
	req.Header = hdr
	if resp, err := http.DefaultClient.Do(req); err != nil {
		t.Fatal(err)
	} else {
		resp.Body.Close()
	}
	// A request half received: its headers and half its body.
	body, hdr = signedCommand(secrets["SLACK_SIGNING_SECRET"], "UCAROL", "help", "")
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /slack/commands HTTP/1.1\r\nHost: %s\r\nContent-Length: %d\r\n", addr, len(body))
	for k := range hdr {
		fmt.Fprintf(conn, "%s: %s\r\n", k, hdr.Get(k))
	}
	fmt.Fprintf(conn, "\r\n%s", body[:len(body)/2])
	time.Sleep(200 * time.Millisecond)

	start := time.Now()
	cmd.Process.Signal(syscall.SIGTERM)
	time.Sleep(300 * time.Millisecond)
	// New connections are refused once it stops.
	if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		c.Close()
		t.Error("a new connection was accepted after SIGTERM")
	}
	// The half-received request finishes and is answered.
	fmt.Fprint(conn, body[len(body)/2:])
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	r, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("the request in flight at SIGTERM: %v", err)
	}
	got, _ := io.ReadAll(r.Body)
	if r.StatusCode != 200 || !strings.Contains(string(got), "rollback") {
		t.Errorf("the request in flight at SIGTERM: %d %s", r.StatusCode, got)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("exit: %v\n%s", err, stderr.String())
		}
	case <-time.After(60 * time.Second):
		t.Fatalf("still running 60 s after SIGTERM:\n%s", stderr.String())
	}
	t.Logf("stopped %s after SIGTERM", time.Since(start).Round(time.Millisecond))
	// carol's rollback was carried out and answered before the process ended.
	if rs := sf.Responses(hook); len(rs) != 1 || !strings.Contains(rs[0].Text, "started `rollback production`") {
		t.Errorf("the command acknowledged before SIGTERM: answers %+v\n%s", rs, stderr.String())
	}
	if len(gh.Dispatches) != 1 || gh.Dispatches[0].Inputs["requested_by"] != "carol" {
		t.Errorf("dispatches %+v", gh.Dispatches)
	}

	// The log: JSON records with a level; each request's line and its work's share a request_id.
	logs := stderr.String()
	var requests, workWithID int
	ids := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(logs), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil || rec["level"] == nil || rec["msg"] == nil {
			t.Errorf("not a JSON log record: %q", line)
			continue
		}
		rid, _ := rec["request_id"].(string)
		if rec["msg"] == "slack request" {
			requests++
			ids[rid] = true
		} else if rid != "" && ids[rid] {
			workWithID++
		}
	}
	if requests != 3 || workWithID == 0 || !strings.Contains(logs, "answering through response_url") {
		t.Errorf("%d request records, %d records of their work with the request's id:\n%s", requests, workWithID, logs)
	}
	for name, v := range secrets {
		if strings.Contains(logs+stdout.String(), v) {
			t.Errorf("%s is in the bot's output:\n%s", name, logs)
		}
	}
	if strings.Contains(logs+stdout.String(), "s3cr3tHookPath") {
		t.Errorf("a response_url is in the bot's output:\n%s", logs)
	}
	if strings.Contains(logs, slackfake.Token) {
		t.Errorf("the bot token is in the log")
	}
}
