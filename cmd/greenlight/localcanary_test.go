package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/internal/testutil"
)

// portflagRepo copies the fixture service shaped like podinfo (its port from --port, its main
// package in cmd/portflag) into a git repository with a CI workflow, runs init there and
// compiles the pipeline, with the canary's steps made short (StepTime) as a user may.
func portflagRepo(t *testing.T) (svc, bin string) {
	t.Helper()
	svc = t.TempDir()
	src := filepath.Join(testutil.ModuleRoot(), "testdata", "services", "portflag")
	if out, err := exec.Command("cp", "-R", src+"/.", svc).CombinedOutput(); err != nil {
		t.Fatalf("%v %s", err, out)
	}
	os.MkdirAll(filepath.Join(svc, ".github", "workflows"), 0o755)
	os.WriteFile(filepath.Join(svc, ".github", "workflows", "ci.yml"), []byte("name: Tests\non:\n  push:\n    branches: [main]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go test ./...\n"), 0o644)
	gitRepo(t, svc, "main")
	t.Setenv("GITHUB_REPOSITORY", "")
	if code, out, errs := runCLI("init", "--dir", svc, "--main", "./cmd/portflag"); code != 0 {
		t.Fatalf("init: %d\n%s\n%s", code, out, errs)
	}
	pl := filepath.Join(svc, ".greenlight", "pipeline.go")
	b, _ := os.ReadFile(pl)
	short := strings.Replace(string(b), "greenlight.CanaryPlan{Steps: []int{10, 25, 50, 100}}",
		"greenlight.CanaryPlan{Steps: []int{10, 25, 50, 100}, StepTime: 2 * time.Second, MinRequests: 30, DetectIncrease: 0.2}", 1)
	short = strings.Replace(short, "import (\n", "import (\n\t\"time\"\n", 1)
	if short == string(b) {
		t.Fatalf("the generated plan changed:\n%s", b)
	}
	os.WriteFile(pl, []byte(short), 0o644)
	git(t, svc, "add", "-A")
	git(t, svc, "-c", "user.name=Ann", "-c", "user.email=ann@example.com", "commit", "-q", "-m", "greenlight init")
	bin = filepath.Join(t.TempDir(), "pipeline")
	offline(t, filepath.Join(svc, ".greenlight"), "build", "-o", bin, ".")
	return svc, bin
}

// setVersion edits the service's source: its version, and the share of requests that fail.
func setVersion(t *testing.T, svc, version, failPercent string) {
	t.Helper()
	p := filepath.Join(svc, "cmd", "portflag", "main.go")
	b, _ := os.ReadFile(p)
	s := regexp.MustCompile(`version     = "[^"]*"`).ReplaceAllString(string(b), `version     = "`+version+`"`)
	s = regexp.MustCompile(`failPercent = "[^"]*"`).ReplaceAllString(s, `failPercent = "`+failPercent+`"`)
	if !strings.Contains(s, `version     = "`+version+`"`) || !strings.Contains(s, `failPercent = "`+failPercent+`"`) {
		t.Fatal("the fixture's version lines changed")
	}
	os.WriteFile(p, []byte(s), 0o644)
}

// Issue 22 §5: a second local run while the first serves deploys the new version beside it,
// production as a canary judged on live traffic (--load), and promotes it; a bad third version
// (half its requests to / fail) is rolled back live, the second still serving. Both ran through the
// generated pipeline, the first run's processes serving throughout. The load goes to / (the
// generated smoke check is /healthz, which never fails), as --load-path chooses.
func TestLocalCanaryAgainstTheServingRun(t *testing.T) {
	svc, bin := portflagRepo(t)
	cache := t.TempDir()
	url, _ := serveLocal(t, svc, bin, "XDG_CACHE_HOME="+cache)
	if got := get(t, url+"/"); got != "portflag dev\n" {
		t.Fatalf("the first run serves %q", got)
	}
	again := func(args ...string) (int, string) {
		cmd := exec.Command(bin, append([]string{"--local"}, args...)...)
		cmd.Dir = filepath.Join(svc, ".greenlight")
		// Its own process group, killed if it outlives its time: no process is left behind.
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM} // gone with the test, however it ends
		cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), "TMPDIR=" + t.TempDir(), "GOCACHE=" + goEnv(t, "GOCACHE"),
			"GOMODCACHE=" + goEnv(t, "GOMODCACHE"), "GOFLAGS=-mod=mod", "GOPROXY=off", "XDG_CACHE_HOME=" + cache}
		var buf strings.Builder
		cmd.Stdout, cmd.Stderr = &buf, &buf
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		var err error
		select {
		case err = <-done:
		case <-time.After(4 * time.Minute):
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-done
			t.Fatalf("the run did not end within 4 minutes:\n%s", buf.String())
		}
		out := buf.String()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return code, out
	}

	setVersion(t, svc, "v2", "0")
	code, out := again("--load", "200", "--load-path", "/")
	t.Logf("the second run:\n%s", out)
	if code != 0 {
		t.Fatalf("the second run: exit %d\n%s", code, out)
	}
	for _, want := range []string{"served on this machine by another run", "canary production", "10%", "50%", "promote"} {
		if !strings.Contains(out, want) {
			t.Errorf("the second run's output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "first release") {
		t.Errorf("the second run was a first release again:\n%s", out)
	}
	if got := get(t, url+"/"); got != "portflag v2\n" {
		t.Fatalf("after the canary production serves %q", got)
	}

	setVersion(t, svc, "v3", "50")
	code, out = again("--load", "200", "--load-path", "/")
	t.Logf("the third run:\n%s", out)
	if code != 1 || !strings.Contains(out, "rolled back") {
		t.Fatalf("the bad version: exit %d\n%s", code, out)
	}
	if got := get(t, url+"/"); got != "portflag v2\n" {
		t.Fatalf("after the rollback production serves %q", got)
	}
}
