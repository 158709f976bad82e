package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/internal/githubfake"
	"github.com/greenlight-cd/greenlight/internal/testutil"
)

// docStep is one fenced block of docs/getting-started.md with the marker before it.
type docStep struct {
	marker string // "run", "run: checkout", "run: until \"X\"", "run: exit N \"X\"", "output", "stop"
	lang   string
	body   string
	line   int
}

var markerRE = regexp.MustCompile(`^<!-- (run(?:: .*)?|output|stop) -->$`)

// parseDoc returns the markers and fenced blocks of a markdown file, in order. A marker
// applies to the block right after it; "stop" stands alone.
func parseDoc(t *testing.T, path string) []docStep {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var steps []docStep
	var marker string
	lines := strings.Split(string(b), "\n")
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if m := markerRE.FindStringSubmatch(l); m != nil {
			if m[1] == "stop" {
				steps = append(steps, docStep{marker: "stop", line: i + 1})
				continue
			}
			marker = m[1]
			continue
		}
		if strings.HasPrefix(l, "```") {
			lang := strings.TrimPrefix(l, "```")
			start := i + 1
			var body []string
			for i++; i < len(lines) && lines[i] != "```"; i++ {
				body = append(body, lines[i])
			}
			steps = append(steps, docStep{marker: marker, lang: lang, body: strings.Join(body, "\n") + "\n", line: start})
			marker = ""
			continue
		}
		if strings.TrimSpace(l) != "" && !strings.HasPrefix(l, "<!--") {
			// prose between a marker and its block would detach them
			if marker != "" {
				t.Fatalf("%s:%d: text between the marker %q and its block", path, i+1, marker)
			}
		}
	}
	return steps
}

// freeAddr is a loopback address nothing listens on.
func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// The guide cannot rot: every shell block in docs/getting-started.md runs, in order, in a fresh
// Go service (a git repository with a CI workflow and a remote), with the greenlight the guide's
// first step installs; each output block must match what the command before it printed; the
// Go snippet must compile into the generated pipeline. GitHub is the fake, offline.
func TestGettingStartedGuide(t *testing.T) {
	doc := filepath.Join(testutil.ModuleRoot(), "docs", "getting-started.md")
	steps := parseDoc(t, doc)

	svc := newService(t)
	os.WriteFile(filepath.Join(svc, ".github", "workflows", "ci.yml"), []byte("name: CI\non: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: go test ./...\n"), 0o644)
	remote := filepath.Join(t.TempDir(), "shop.git")
	bin := t.TempDir()
	f := githubfake.New(strings.Repeat("a", 40))
	defer f.Close()
	f.Token("ghs_guide", githubfake.AllPermissions)
	local := freeAddr(t)
	env := append(os.Environ(),
		"GOBIN="+bin, "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
		"GREENLIGHT_LOCAL_ADDR="+local, "GREENLIGHT_DEV_MODULE=",
		"GITHUB_TOKEN=ghs_guide", "GITHUB_API_URL="+f.URL, "GITHUB_REPOSITORY=", "COSIGN_PASSWORD=", "SLACK_APP_TOKEN=",
		"GIT_AUTHOR_NAME=Ann", "GIT_AUTHOR_EMAIL=ann@example.com", "GIT_COMMITTER_NAME=Ann", "GIT_COMMITTER_EMAIL=ann@example.com",
		"GIT_CONFIG_GLOBAL=/dev/null")
	sh := func(dir, script string) *exec.Cmd {
		c := exec.Command("bash", "-e", "-c", script)
		c.Dir, c.Env = dir, env
		return c
	}
	for _, s := range []string{"git init -q -b main", "git add -A", "git commit -q -m 'The shop'", "git init -q --bare " + remote, "git remote add origin " + remote} {
		if out, err := sh(svc, s).CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", s, err, out)
		}
	}

	var last string           // what the previous command printed
	var bg *exec.Cmd          // a command the guide leaves running ("until")
	var bgDone chan error     // its exit
	var bgOut = &syncBuffer{} // what it printed
	stopBackground := func(line int) {
		if bg == nil {
			return
		}
		syscall.Kill(-bg.Process.Pid, syscall.SIGINT) // Ctrl-C, to its process group as a terminal does
		select {
		case err := <-bgDone:
			// go run reports an interrupted child with exit status 1 even when it exits 0 (the
			// compiled pipeline itself exits 0: TestGeneratedPipelineRunsLocally).
			if ee, ok := err.(*exec.ExitError); err != nil && (!ok || ee.ExitCode() != 1) || strings.Contains(bgOut.String(), "panic") {
				t.Errorf("line %d: after Ctrl-C: %v\n%s", line, err, bgOut.String())
			}
			if c, err := net.Dial("tcp", local); err == nil {
				c.Close()
				t.Errorf("line %d: production still listens on %s after Ctrl-C", line, local)
			}
		case <-time.After(time.Minute):
			syscall.Kill(-bg.Process.Pid, syscall.SIGKILL)
			t.Errorf("line %d: still running a minute after Ctrl-C", line)
		}
		bg = nil
	}
	defer func() {
		if bg != nil {
			syscall.Kill(-bg.Process.Pid, syscall.SIGKILL)
			<-bgDone
		}
	}()
	ran := 0
	for _, s := range steps {
		if s.marker == "stop" {
			stopBackground(s.line)
			continue
		}
		if s.lang == "sh" && !strings.HasPrefix(s.marker, "run") {
			t.Fatalf("%s:%d: a shell block with no run marker: every command in the guide is run by this test", doc, s.line)
		}
		switch {
		case s.marker == "output":
			checkOutput(t, s, strings.ReplaceAll(last, local, "127.0.0.1:8080"))
		case strings.HasPrefix(s.marker, "run"):
			ran++
			script := strings.ReplaceAll(s.body, "127.0.0.1:8080", local)
			dir := svc
			arg := strings.TrimPrefix(strings.TrimPrefix(s.marker, "run"), ": ")
			if arg == "checkout" {
				dir, arg = testutil.ModuleRoot(), ""
			}
			t.Logf("line %d: $ %s", s.line, strings.TrimSpace(script))
			switch {
			case strings.HasPrefix(arg, "until "):
				want, _ := strconv.Unquote(strings.TrimPrefix(arg, "until "))
				bg = sh(dir, script)
				bg.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
				pr, pw := io.Pipe()
				bg.Stdout, bg.Stderr = pw, pw
				if err := bg.Start(); err != nil {
					t.Fatal(err)
				}
				bgDone = make(chan error, 1)
				go func(c *exec.Cmd) { err := c.Wait(); pw.Close(); bgDone <- err }(bg)
				found := make(chan bool, 1)
				go func() {
					sc := bufio.NewScanner(pr)
					ok := false
					for sc.Scan() {
						bgOut.Write([]byte(sc.Text() + "\n"))
						if !ok && strings.Contains(sc.Text(), want) {
							ok = true
							found <- true
						}
					}
					if !ok {
						found <- false
					}
				}()
				select {
				case ok := <-found:
					if !ok {
						t.Fatalf("line %d: ended without printing %q:\n%s", s.line, want, bgOut.String())
					}
				case <-time.After(5 * time.Minute):
					t.Fatalf("line %d: no %q after 5 minutes:\n%s", s.line, want, bgOut.String())
				}
				last = bgOut.String()
			case strings.HasPrefix(arg, "exit "):
				var code int
				var want string
				fmt.Sscanf(strings.TrimPrefix(arg, "exit "), "%d", &code)
				want, _ = strconv.Unquote(arg[strings.Index(arg, `"`):])
				out, err := sh(dir, script).CombinedOutput()
				got := 0
				if ee, ok := err.(*exec.ExitError); ok {
					got = ee.ExitCode()
				}
				if got != code || !strings.Contains(string(out), want) {
					t.Fatalf("line %d: want exit %d and %q, got %d:\n%s", s.line, code, want, got, out)
				}
				last = string(out)
			default:
				out, err := sh(dir, script).CombinedOutput()
				if err != nil {
					t.Fatalf("line %d: %v\n%s", s.line, err, out)
				}
				last = string(out)
			}
			if strings.Contains(script, "git push") {
				// GitHub received the push: the bot reads its config through the API.
				if b, err := os.ReadFile(filepath.Join(svc, ".greenlight", "slack.yml")); err == nil {
					f.File(".greenlight/slack.yml", string(b))
				}
			}
		case s.lang == "go":
			applySnippet(t, svc, s)
		}
	}
	stopBackground(0)
	if ran < 8 {
		t.Errorf("ran only %d blocks of the guide", ran)
	}
	if len(f.Dispatches) != 1 || f.Dispatches[0].Inputs["command"] != "rollback" {
		t.Errorf("the guide's rollback dispatched %+v", f.Dispatches)
	}
	if out, err := exec.Command("git", "-C", remote, "ls-tree", "-r", "--name-only", "main").Output(); err != nil || !bytes.Contains(out, []byte(".greenlight/pipeline.go")) || bytes.Contains(out, []byte("cosign.key")) {
		t.Errorf("pushed: %v\n%s", err, out)
	}
}

// checkOutput checks each line of an output block against what the command printed: a line
// must appear as is, except that … stands for anything (within the line).
func checkOutput(t *testing.T, s docStep, printed string) {
	t.Helper()
	for _, want := range strings.Split(strings.TrimSpace(s.body), "\n") {
		parts := strings.Split(want, "…")
		for i := range parts {
			parts[i] = regexp.QuoteMeta(parts[i])
		}
		re := regexp.MustCompile("(?m)" + strings.Join(parts, ".*"))
		if !re.MatchString(printed) {
			t.Errorf("line %d: the guide shows %q, the command printed:\n%s", s.line, want, printed)
		}
	}
}

// applySnippet puts the guide's Go snippet into the generated pipeline where it says, and
// checks that the pipeline still compiles.
func applySnippet(t *testing.T, svc string, s docStep) {
	t.Helper()
	halves := strings.SplitN(s.body, "\n\n", 2)
	if len(halves) != 2 {
		t.Fatalf("line %d: want two parts in the Go snippet", s.line)
	}
	code := func(h string) string {
		var out []string
		for _, l := range strings.Split(h, "\n") {
			if !strings.HasPrefix(strings.TrimSpace(l), "//") {
				out = append(out, l)
			}
		}
		return strings.Join(out, "\n")
	}
	pdir := filepath.Join(svc, ".greenlight")
	path := filepath.Join(pdir, "pipeline.go")
	b, _ := os.ReadFile(path)
	src := string(b)
	for _, r := range [][2]string{
		{"\t\tenvs = append(envs, env)\n", code(halves[0]) + "\n\t\tenvs = append(envs, env)\n"},
		{"\t\tp.Promote(signed, production)\n", code(halves[1]) + "\n\t\tp.Promote(signed, production)\n"},
		{"\t\"github.com/greenlight-cd/greenlight/pkg/sign\"\n", "\t\"github.com/greenlight-cd/greenlight/pkg/sign\"\n\t\"github.com/greenlight-cd/greenlight/pkg/slack\"\n"},
	} {
		if !strings.Contains(src, r[0]) {
			t.Fatalf("line %d: the generated pipeline has no %q for the snippet", s.line, r[0])
		}
		src = strings.Replace(src, r[0], r[1], 1)
	}
	os.WriteFile(path, []byte(src), 0o644)
}
