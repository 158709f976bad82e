package main

import (
	"archive/tar"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/remote"

	"github.com/greenlight-cd/greenlight/internal/githubfake"
	"github.com/greenlight-cd/greenlight/internal/slackfake"
	"github.com/greenlight-cd/greenlight/internal/testutil"
	"github.com/greenlight-cd/greenlight/pkg/github"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/oci"
	"github.com/greenlight-cd/greenlight/pkg/runlog"
	"github.com/greenlight-cd/greenlight/pkg/slack"
	"github.com/greenlight-cd/greenlight/pkg/slack/notify"
)

// entrypoint extracts the image's entrypoint binary to dir and returns the command line a
// container runtime would exec: entrypoint, then the image's Cmd.
func entrypoint(t *testing.T, ref, dir string) []string {
	t.Helper()
	r, err := name.ParseReference(ref)
	if err != nil {
		t.Fatal(err)
	}
	img, err := remote.Image(r)
	if err != nil {
		t.Fatal(err)
	}
	cf, err := img.ConfigFile()
	if err != nil || len(cf.Config.Entrypoint) != 1 {
		t.Fatalf("config %v %v", cf, err)
	}
	rc := mutate.Extract(img)
	defer rc.Close()
	tr := tar.NewReader(rc)
	want := strings.TrimPrefix(cf.Config.Entrypoint[0], "/")
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			t.Fatalf("%s is not in the image", want)
		}
		if err != nil {
			t.Fatal(err)
		}
		if strings.TrimPrefix(h.Name, "./") != want {
			continue
		}
		bin := filepath.Join(dir, filepath.Base(want))
		f, err := os.OpenFile(bin, os.O_CREATE|os.O_WRONLY, 0o755)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(f, tr); err != nil {
			t.Fatal(err)
		}
		f.Close()
		return append([]string{bin}, cf.Config.Cmd...)
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// Issue 24, done when: the bot runs in Socket Mode from the container image Greenlight's
// pipeline builds (its entrypoint and command, extracted from the in-process registry and run
// as a process, as a container runtime execs them) against the fake Slack and GitHub,
// authenticated as a GitHub App. The real Approver asks in Slack; a click over the websocket →
// the decision recorded under the App's identity → promote dispatched → the approval message
// and its thread updated; and again after a simulated hour, on a renewed installation token.
// SIGTERM then stops it with exit 0.
func TestTheBotRunsFromItsImageInSocketModeAsAGitHubApp(t *testing.T) {
	ctx := context.Background()
	reg := testutil.Registry(t)
	img, err := botImage(testutil.ModuleRoot(), reg.Repo("greenlight-cd/greenlight"), "e2e").Build(ctx, testutil.Logger{T: t})
	if err != nil {
		t.Fatal(err)
	}
	cmdline := entrypoint(t, img.String(), t.TempDir())
	if len(cmdline) != 2 || cmdline[1] != "bot" {
		t.Fatalf("the image runs %v", cmdline)
	}

	commit := strings.Repeat("c", 40)
	gh := githubfake.New(commit)
	defer gh.Close()
	wf, err := os.ReadFile(filepath.Join(testutil.ModuleRoot(), ".github", "workflows", "deploy-example.yml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := gh.Workflow("deploy.yml", wf); err != nil {
		t.Fatal(err)
	}
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	gh.AppInstallation(4711, 42, "acme-greenlight", &key.PublicKey, githubfake.AllPermissions)
	// Tokens last their hour (GitHub's default); the fake's clock then jumps past it, and the
	// fake refuses the first token (401) as GitHub would, while the bot's own clock still
	// thinks it good: the bot mints the next one on the refusal. Nothing depends on how long a
	// step takes.
	var offset atomic.Int64
	gh.SetClock(func() time.Time { return time.Now().Add(time.Duration(offset.Load())) })
	// The pipeline's side: the workflow's token, and the bot's App as the recorder it trusts.
	gh.Token("ghs_workflow", githubfake.AllPermissions)
	pipe, err := github.New("ghs_workflow", "acme/hello", github.WithBaseURL(gh.URL), github.WithApp(4711))
	if err != nil {
		t.Fatal(err)
	}

	sf := slackfake.New(nil)
	defer sf.Stop()
	sock := slackfake.NewSocket()
	defer sock.Close()
	// One Slack URL for the process, as Slack has one: the Web API from the fake, Socket Mode's
	// apps.connections.open and websocket from the socket fake.
	api, _ := url.Parse(sf.URL)
	sockURL, _ := url.Parse(sock.URL)
	toSock, toAPI := httputil.NewSingleHostReverseProxy(sockURL), httputil.NewSingleHostReverseProxy(api)
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/apps.connections.open":
			r.URL.Path = "/apps.connections.open"
			toSock.ServeHTTP(w, r)
		case "/link":
			toSock.ServeHTTP(w, r)
		default:
			toAPI.ServeHTTP(w, r)
		}
	}))
	defer front.Close()

	cfg := filepath.Join(t.TempDir(), "slack.yml")
	os.WriteFile(cfg, []byte("people:\n  bob: UBOB\nenvironments:\n  production:\n    approve: [UBOB]\n"), 0o644)
	health := freeAddr(t)
	cmd := exec.Command(cmdline[0], append(cmdline[1:], "--repo", "acme/hello", "--api", gh.URL, "--local-config", "--config", cfg,
		"--slack-api", front.URL+"/api/", "--health-addr", health, "--log-format", "json")...)
	cmd.Env = []string{"HOME=" + t.TempDir(), "SLACK_BOT_TOKEN=" + slackfake.Token, "SLACK_APP_TOKEN=xapp-1-test",
		"GITHUB_APP_ID=4711", "GITHUB_APP_INSTALLATION_ID=42",
		"GITHUB_APP_PRIVATE_KEY=" + string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}))}
	var stderr strings.Builder
	cmd.Stderr, cmd.Stdout = &stderr, io.Discard
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
	ready := false
	for i := 0; i < 300 && !ready; i++ {
		if resp, err := http.Get("http://" + health + "/readyz"); err == nil {
			resp.Body.Close()
			ready = resp.StatusCode == 200
		}
		if !ready {
			time.Sleep(50 * time.Millisecond)
		}
	}
	if !ready {
		t.Fatalf("the bot from the image never became ready (Socket Mode connected):\n%s", stderr.String())
	}

	ap := slack.NewApprover(slackfake.Token, "C0DEPLOYS", pipe, notify.WithAPIURL(sf.GetAPIURL()))
	approve := func(n int) {
		t.Helper()
		canary, _ := oci.NewImage("ghcr.io/acme/hello", fmt.Sprintf("sha256:%064x", n), "")
		if _, err := pipe.Begin(ctx, "production", commit, "main", github.Payload{Image: canary.String(), Digest: canary.Digest(), TriggeredBy: "ann"}, true); err != nil {
			t.Fatal(err)
		}
		if _, err := ap.Approve(ctx, greenlight.ApprovalRequest{Env: "production", Image: canary, Source: runlog.Source{Author: "ann"}}); !errors.Is(err, greenlight.ErrAwaitingApproval) {
			t.Fatalf("asking: %v", err)
		}
		top := sf.TopLevel()
		msg := top[len(top)-1]
		i := strings.Index(msg.Blocks, `"value":"`)
		if i < 0 {
			t.Fatalf("no button in %s", msg.Blocks)
		}
		var value string
		fmt.Sscanf(strings.ReplaceAll(msg.Blocks[i+8:], `\"`, "\x00"), "%q", &value)
		value = strings.ReplaceAll(value, "\x00", `"`)
		id := fmt.Sprintf("e%d", n)
		if !sock.Send(map[string]any{"envelope_id": id, "type": "interactive", "accepts_response_payload": false,
			"payload": map[string]any{"type": "block_actions", "team": map[string]string{"id": slackfake.TeamID}, "api_app_id": slackfake.AppID,
				"user": map[string]string{"id": "UBOB"}, "response_url": sf.ResponseURLFor("C0DEPLOYS", msg.TS), "channel": map[string]string{"id": "C0DEPLOYS"},
				"message": map[string]string{"ts": msg.TS},
				"actions": []map[string]string{{"action_id": "approve", "value": value, "type": "button", "block_id": "greenlight_approval"}}}}, 10*time.Second) {
			t.Fatal("the bot is not connected")
		}
		if a, ok := sock.Acked(id); !ok {
			t.Fatalf("click %d not acknowledged within %s", n, slackfake.MaxAck)
		} else {
			t.Logf("click %d acknowledged after %s", n, a.After.Round(time.Millisecond))
		}
		deadline := time.Now().Add(30 * time.Second)
		for len(sf.Thread(msg.TS)) == 0 && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		d, err := pipe.Decisions("main").Lookup(ctx, "production", canary.Digest())
		if err != nil || d == nil || d.Identity != "bob" || !d.Approved {
			t.Fatalf("decision %+v %v\n%s", d, err, stderr.String())
		}
		last := gh.Dispatches[len(gh.Dispatches)-1]
		if last.Inputs["command"] != "promote" || last.Inputs["thread"] != "C0DEPLOYS/"+msg.TS {
			t.Errorf("dispatch %+v", last)
		}
		m, _ := sf.Message("C0DEPLOYS", msg.TS)
		if m.Updates == 0 || !strings.Contains(m.Text, "approved") || len(sf.Thread(msg.TS)) == 0 {
			t.Errorf("approval message %+v, thread %+v", m, sf.Thread(msg.TS))
		}
	}
	approve(300)
	if n := len(gh.Minted()); n != 1 {
		t.Fatalf("%d tokens minted", n)
	}
	offset.Store(int64(time.Hour)) // the first token's hour is over: the fake refuses it now
	approve(301)
	if n := len(gh.Minted()); n != 2 {
		t.Errorf("%d tokens minted across the hour, want 2", n)
	}

	cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("exit after SIGTERM: %v\n%s", err, stderr.String())
		}
	case <-time.After(60 * time.Second):
		t.Fatalf("still running 60 s after SIGTERM")
	}
}
