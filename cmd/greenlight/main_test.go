package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/greenlight-cd/greenlight/internal/githubfake"
	"github.com/greenlight-cd/greenlight/internal/k8senv"
	"github.com/greenlight-cd/greenlight/internal/testutil"
	ghclient "github.com/greenlight-cd/greenlight/pkg/github"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/kubernetes"
	"github.com/greenlight-cd/greenlight/pkg/sign"
)

// runCLI runs the CLI as main does, with its output captured.
func runCLI(args ...string) (int, string, string) { return runIn(newEnv(nil, nil), args...) }

// runIn runs the CLI in e (its clock and seams), with its output captured.
func runIn(e *cliEnv, args ...string) (int, string, string) {
	var out, errb strings.Builder
	c := *e
	c.stdout, c.stderr = &out, &errb
	code := run(args, &c)
	return code, out.String(), errb.String()
}

func TestUsageAndUnknownCommand(t *testing.T) {
	if code, _, errs := runCLI(); code != 2 || !strings.Contains(errs, "usage:") {
		t.Errorf("no args: %d %q", code, errs)
	}
	if code, _, errs := runCLI("deploy-everything"); code != 2 || !strings.Contains(errs, `unknown command "deploy-everything"`) {
		t.Errorf("unknown: %d %q", code, errs)
	}
}

func TestKeygenBuildVerify(t *testing.T) {
	dir := t.TempDir()
	if code, out, errs := runCLI("keygen", "--dir", dir); code != 0 || !strings.Contains(out, "cosign.pub") {
		t.Fatalf("keygen: %d %s %s", code, out, errs)
	}
	reg := testutil.Registry(t)
	code, out, errs := runCLI("build", "--dir", testutil.HelloDir(), "--repo", reg.Repo("acme/hello"), "--tag", "v1")
	if code != 0 {
		t.Fatalf("build: %s", errs)
	}
	ref := strings.TrimSpace(out)
	if !strings.Contains(ref, "@sha256:") {
		t.Fatalf("build printed %q", ref)
	}
	code, _, errs = runCLI("verify", "--key", filepath.Join(dir, "cosign.pub"), ref)
	if code != 1 || !strings.Contains(errs, "no signature for") {
		t.Errorf("verify unsigned: %d %s", code, errs)
	}
	if code, _, errs := runCLI("verify", "--key", filepath.Join(dir, "cosign.pub"), reg.Repo("acme/hello:v1")); code != 2 || !strings.Contains(errs, "not pinned by digest") {
		t.Errorf("verify by tag: %d %s", code, errs)
	}
	if code, _, errs := runCLI("verify", "--key", filepath.Join(dir, "missing.pub"), ref); code != 2 || !strings.Contains(errs, "no such file") {
		t.Errorf("missing key: %d %s", code, errs)
	}
	if code, _, errs := runCLI("demo", "--service", filepath.Join(dir, "nothing")); code != 1 || !strings.Contains(errs, "sample service not found") {
		t.Errorf("demo without service: %d %s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "cosign.key")); err != nil {
		t.Error(err)
	}
}

func TestStatusReadsTheClusterInventory(t *testing.T) {
	cfg := k8senv.Config(t)
	ns := k8senv.Namespace(t, cfg)
	root := filepath.Join(testutil.ModuleRoot(), "testdata", "k8s", "hello")
	m, err := kubernetes.LoadManifests(filepath.Join(root, "base"), filepath.Join(root, "overlays", "staging"))
	if err != nil {
		t.Fatal(err)
	}
	tgt, err := kubernetes.New("staging", m, kubernetes.WithRESTConfig(cfg), kubernetes.WithNamespace(ns), kubernetes.WithImageName("hello"))
	if err != nil {
		t.Fatal(err)
	}
	reg := testutil.Registry(t)
	img := testutil.BuildHello(t, reg.Repo("acme/hello"), "v1", "")
	k, _ := sign.GenerateKey()
	s, _ := sign.NewSigner(k)
	if _, err := greenlight.Run(context.Background(), func(p *greenlight.P) {
		p.DeployStaging(p.Sign(img, s), p.Env("staging"))
	}, greenlight.WithEnvironments(&greenlight.Environment{Name: "staging", Target: tgt})); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCLI("status", "--kubeconfig", k8senv.Kubeconfig(), "--app", "hello", "staging="+ns, "nowhere")
	if !strings.Contains(out, "staging") || !strings.Contains(out, img.Digest()) {
		t.Fatalf("status output:\n%s\n%s", out, errs)
	}
	// A misspelt namespace is an error, not an empty environment (issue 13).
	if code != 1 || !strings.Contains(errs, `namespace "nowhere" does not exist`) {
		t.Errorf("exit %d: %s", code, errs)
	}
}

func TestDispatchCommands(t *testing.T) {
	f := githubfake.New("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
	defer f.Close()
	f.Token("ghs_cli", githubfake.AllPermissions)
	t.Setenv("GITHUB_TOKEN", "ghs_cli")
	t.Setenv("USER", "dana")
	code, out, errs := runCLI("rollback", "--env", "production", "--to", "sha256:"+strings.Repeat("ab", 32), "--repo", "acme/hello", "--api", f.URL)
	if code != 0 || !strings.Contains(out, "rollback of production requested: https://github.com/acme/hello/actions/runs/") {
		t.Fatalf("rollback: %d %s %s", code, out, errs)
	}
	d := f.Dispatches[0]
	if d.Workflow != "deploy.yml" || d.Ref != "main" || d.Inputs["command"] != "rollback" || d.Inputs["environment"] != "production" || d.Inputs["ref"] != "sha256:"+strings.Repeat("ab", 32) || d.Inputs["requested_by"] != "dana" {
		t.Errorf("dispatch %+v", d)
	}
	if code, _, errs := runCLI("deploy", "--env", "staging", "--repo", "acme/hello", "--api", f.URL); code != 2 || !strings.Contains(errs, "give the digest or commit") {
		t.Errorf("deploy without ref: %d %s", code, errs)
	}
	// A ref that is neither a digest nor a commit is refused before anything is dispatched.
	if code, _, errs := runCLI("rollback", "--env", "production", "--to", "v1.2", "--repo", "acme/hello", "--api", f.URL); code != 2 || !strings.Contains(errs, "neither a digest") || len(f.Dispatches) != 1 {
		t.Errorf("rollback to a tag: %d %s", code, errs)
	}
	if code, _, errs := runCLI("promote", "--repo", "acme/hello", "--api", f.URL); code != 2 || !strings.Contains(errs, "--env") {
		t.Errorf("promote without env: %d %s", code, errs)
	}
	t.Setenv("GITHUB_TOKEN", "")
	t.Setenv("GH_TOKEN", "")
	if code, _, errs := runCLI("promote", "--env", "production", "--repo", "acme/hello", "--api", f.URL); code != 1 || !strings.Contains(errs, "no GitHub token") {
		t.Errorf("no token: %d %s", code, errs)
	}
	f.Token("ghs_ro", map[string]string{"contents": "read"})
	t.Setenv("GITHUB_TOKEN", "ghs_ro")
	if code, _, errs := runCLI("promote", "--env", "production", "--repo", "acme/hello", "--api", f.URL); code != 1 || !strings.Contains(errs, "actions: write") {
		t.Errorf("token without actions: write: %d %s", code, errs)
	}
}

func TestStatusFromGitHubDeployments(t *testing.T) {
	commit := strings.Repeat("ab", 20)
	f := githubfake.New(commit)
	defer f.Close()
	f.Token("ghs_status", githubfake.AllPermissions)
	t.Setenv("GITHUB_TOKEN", "ghs_status")
	c, _ := ghclient.New("ghs_status", "acme/hello", ghclient.WithBaseURL(f.URL))
	digest := "sha256:" + strings.Repeat("cd", 32)
	rec, err := c.Begin(context.Background(), "production", commit, "main", ghclient.Payload{Image: "ghcr.io/acme/hello@" + digest, Digest: digest, TriggeredBy: "ann", RunURL: "https://run/9"}, true)
	if err != nil {
		t.Fatal(err)
	}
	c.SetState(context.Background(), rec, "success", "", "", "ok")
	// A decision the Slack bot (its App) recorded shows beside the inventory; one a
	// workflow's token wrote is marked, and its control characters never reach the terminal.
	f.Token("ghs_bot", githubfake.AllPermissions)
	f.App("ghs_bot", "acme-greenlight")
	t.Setenv("GREENLIGHT_APP_ID", strconv.FormatInt(githubfake.AppID("acme-greenlight"), 10))
	bot, _ := ghclient.New("ghs_bot", "acme/hello", ghclient.WithBaseURL(f.URL))
	if err := bot.Audit(context.Background(), "main", ghclient.AuditEntry{Via: "slack", User: "U0BOB", Identity: "bob", Action: "approve production " + digest,
		Env: "production", Digest: digest, Outcome: "done", Reason: "looks good"}); err != nil {
		t.Fatal(err)
	}
	if err := c.Audit(context.Background(), "main", ghclient.AuditEntry{Via: "slack", User: "UEVE", Action: "approve production\x1b[2J", Env: "production", Outcome: "done"}); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCLI("status", "--github", "--repo", "acme/hello", "--api", f.URL, "production", "staging")
	if code != 0 || !strings.Contains(out, digest) || !strings.Contains(out, "abababa") || !strings.Contains(out, "ann") || !regexp.MustCompile(`staging +\(nothing\)`).MatchString(out) {
		t.Fatalf("%d\n%s\n%s", code, out, errs)
	}
	if !strings.Contains(out, "production: latest decisions and commands") || !strings.Contains(out, "  U0BOB (bob) via slack: approve production "+digest+" → done: looks good") {
		t.Errorf("the audit trail is missing from status:\n%s", out)
	}
	if !strings.Contains(out, "not trusted (written by github-actions[bot] (the workflow token of any branch)):") || strings.Contains(out, "\x1b") {
		t.Errorf("the workflow's audit entry:\n%q", out)
	}
}

func TestBotCommandNeedsItsSecretsAndConfig(t *testing.T) {
	t.Setenv("SLACK_SIGNING_SECRET", "")
	if code, _, errs := runCLI("bot", "--addr", "127.0.0.1:0"); code != 1 || !strings.Contains(errs, "SLACK_SIGNING_SECRET") {
		t.Errorf("no secret: %d %s", code, errs)
	}
	t.Setenv("SLACK_SIGNING_SECRET", "s")
	t.Setenv("GITHUB_TOKEN", "ghs_x")
	if code, _, errs := runCLI("bot", "--addr", "127.0.0.1:0", "--local-config", "--repo", "acme/hello", "--config", filepath.Join(t.TempDir(), "none.yml")); code != 1 || !strings.Contains(errs, "authorization config") {
		t.Errorf("no config: %d %s", code, errs)
	}
}

func TestBotSocketModeNeedsAnAppToken(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "slack.yml")
	os.WriteFile(cfg, []byte("environments:\n  staging:\n    \"*\": [\"*\"]\n"), 0o644)
	t.Setenv("SLACK_APP_TOKEN", "")
	t.Setenv("GITHUB_TOKEN", "ghs_x")
	if code, _, errs := runCLI("bot", "--socket", "--local-config", "--config", cfg, "--repo", "acme/hello"); code != 1 || !strings.Contains(errs, "SLACK_APP_TOKEN") {
		t.Errorf("socket mode without an app token: %d %s", code, errs)
	}
}

// The bot reads who may do what from the repository, through the GitHub API.
func TestBotReadsItsConfigFromTheRepository(t *testing.T) {
	f := githubfake.New(strings.Repeat("a", 40))
	defer f.Close()
	f.Token("ghs_cfg", githubfake.AllPermissions)
	t.Setenv("GITHUB_TOKEN", "ghs_cfg")
	t.Setenv("SLACK_APP_TOKEN", "")
	args := []string{"bot", "--socket", "--repo", "acme/hello", "--api", f.URL}
	if code, _, errs := runCLI(args...); code != 1 || !strings.Contains(errs, ".greenlight/slack.yml at main") || !strings.Contains(errs, "not found in") && !strings.Contains(errs, "404") {
		t.Errorf("no config in the repository: %d %s", code, errs)
	}
	f.File(".greenlight/slack.yml", "environments:\n  staging:\n    \"*\": [\"*\"]\n")
	if code, _, errs := runCLI(args...); code != 1 || !strings.Contains(errs, "SLACK_APP_TOKEN") {
		t.Errorf("with the config in the repository the bot should get as far as Socket Mode: %d %s", code, errs)
	}
}
