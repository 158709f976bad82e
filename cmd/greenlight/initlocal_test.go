package main

import (
	"io"
	"net/http"
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

// serveLocal starts the compiled pipeline with --local in svc as a user does (env added to a
// clean environment), waits until production serves and returns its URL and what it printed;
// the process group is killed when the test ends.
func serveLocal(t *testing.T, svc, bin string, env ...string) (url, log string) {
	t.Helper()
	cmd := exec.Command(bin, "--local")
	cmd.Dir = filepath.Join(svc, ".greenlight")
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), "TMPDIR=" + t.TempDir(), "GOCACHE=" + goEnv(t, "GOCACHE"),
		"GOMODCACHE=" + goEnv(t, "GOMODCACHE"), "GOFLAGS=-mod=mod", "GOPROXY=off", "GREENLIGHT_LOCAL_ADDR=127.0.0.1:0"}, env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM} // gone with the test, however it ends
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGINT)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-done
		}
	})
	url, log = waitFor(t, stderr, regexp.MustCompile(`production listens on (http://127\.0\.0\.1:\d+)`), 4*time.Minute)
	if url == "" {
		t.Fatalf("no URL printed:\n%s", log)
	}
	go io.Copy(io.Discard, stderr)
	return url, log
}

func get(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// On a service shaped like podinfo (its port from --port, its UI read from ./ui), init writes
// the option that passes the port and puts ui/ into the image, and says so; the generated
// pipeline then runs the service locally as it is, unchanged.
func TestInitFitsTheLocalRunToAServiceAsItIs(t *testing.T) {
	svc := podinfoLike(t, true)
	t.Setenv("GITHUB_REPOSITORY", "")
	code, out, errs := runCLI("init", "--dir", svc, "--main", "./cmd/podinfo")
	if code != 0 {
		t.Fatalf("init: %d\n%s\n%s", code, out, errs)
	}
	for _, want := range []string{"Port: ./cmd/podinfo reads its port from --port", `local.WithArgs("--port={{.Port}}")`,
		"Files: ./cmd/podinfo reads ui at run time", "$KO_DATA_PATH"} {
		if !strings.Contains(out, want) {
			t.Errorf("init's output lacks %q:\n%s", want, out)
		}
	}
	pl, _ := os.ReadFile(filepath.Join(svc, ".greenlight", "pipeline.go"))
	for _, want := range []string{`Files: []string{"ui"}`, `Local: []local.Option{local.WithArgs("--port={{.Port}}"), local.WithEnv()}`} {
		if !strings.Contains(string(pl), want) {
			t.Errorf("pipeline.go lacks %q:\n%s", want, pl)
		}
	}
	if n := strings.Count(string(pl), "\n"); n > 90 {
		t.Errorf("pipeline.go is %d lines", n)
	}
	git(t, svc, "add", "-A")
	git(t, svc, "-c", "user.name=Ann", "-c", "user.email=ann@example.com", "commit", "-q", "-m", "greenlight init")
	bin := filepath.Join(t.TempDir(), "pipeline")
	offline(t, filepath.Join(svc, ".greenlight"), "build", "-o", bin, ".")
	url, log := serveLocal(t, svc, bin)
	if got := get(t, url+"/vue.html"); got != "<h1>podinfo</h1>\n" {
		t.Errorf("production served %q from ./ui:\n%s", got, log)
	}
}

// A service that reads $PORT needs nothing: the pipeline shows where the environment's
// allow-list goes, and init says nothing about ports.
func TestInitLeavesAPORTServiceAsItIs(t *testing.T) {
	svc := newService(t)
	code, out, errs := runCLI("init", "--dir", svc)
	if code != 0 {
		t.Fatalf("init: %d\n%s\n%s", code, out, errs)
	}
	if strings.Contains(out, "Port:") || strings.Contains(out, "Files:") {
		t.Errorf("init spoke of ports or files for a $PORT service:\n%s", out)
	}
	pl, _ := os.ReadFile(filepath.Join(svc, ".greenlight", "pipeline.go"))
	if !strings.Contains(string(pl), "Local: []local.Option{local.WithEnv()}") || !strings.Contains(string(pl), `build.Go{Main: "./cmd/shop"}`) {
		t.Errorf("pipeline.go:\n%s", pl)
	}
}

// What init reads from a main package: the port's flag or variable, and the files read at run
// time (a folder of the module named by a relative path, or a path it cannot find).
func TestFitRun(t *testing.T) {
	root := t.TempDir()
	write := func(rel, content string) {
		p := filepath.Join(root, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(content), 0o644)
	}
	write("templates/page.html", "x")
	write("pkgdir/lib.go", "package pkgdir\n")
	write("a/main.go", `package main
import ("os"; "github.com/spf13/pflag"; "html/template"; "net/http")
func main() {
	pflag.IntP("port", "p", 8080, "")
	os.Getenv("SHOP_PORT")
	template.ParseGlob("templates/*.html")
	http.Dir("./pkgdir")
	os.ReadFile("config/app.yaml")
}`)
	write("b/main.go", "package main\nimport \"os\"\nfunc main() { os.LookupEnv(\"SHOP_PORT\") }\n")
	write("c/main.go", "package main\nimport \"os\"\nfunc main() { os.Getenv(\"PORT\"); var p int; flag.IntVar(&p, \"port\", 1, \"\") }\n")
	write("d/main.go", "package main\nfunc main() {}\n")
	write("d/kodata/x.txt", "x")
	write("d/static/app.css", "x")
	for dir, want := range map[string]string{"a": `local.WithArgs("--port={{.Port}}")`, "b": `local.WithPortEnv("SHOP_PORT")`, "c": "", "d": ""} {
		f := fitRun(root, "./"+dir)
		if got := f.LocalOption(); got != want {
			t.Errorf("%s: %q, want %q", dir, got, want)
		}
		if dir == "a" && (strings.Join(f.Files, ",") != "templates" || strings.Join(f.Reads, ",") != "./pkgdir,config/app.yaml") {
			t.Errorf("a: files %v reads %v", f.Files, f.Reads)
		}
		if dir == "d" && (!f.Kodata || strings.Join(f.Maybe, ",") != "d/static,templates" || len(f.notes("./d")) != 3) {
			t.Errorf("d: %+v %v", f, f.notes("./d"))
		}
	}
}

// Issue 22 §4: init finds the port of services configured with spf13/pflag, viper and cobra
// (testdata/services/viperport, in podinfo's shape and cobra-cli's): a pflag FlagSet's --port,
// viper's environment variable (its prefix, uppercased, "_" and the key, as viper's
// mergeWithEnvPrefix makes it; a name BindEnv gives is taken as it is), and a flag a package of
// the module defines for the main package.
func TestFitRunReadsViperAndCobra(t *testing.T) {
	root := filepath.Join(testutil.ModuleRoot(), "testdata", "services", "viperport")
	for main, want := range map[string]string{
		"podinfo":  `local.WithArgs("--port={{.Port}}")`,
		"envonly":  `local.WithPortEnv("PODINFO_PORT")`,
		"cobra":    `local.WithArgs("--port={{.Port}}")`,
		"bindenv":  `local.WithPortEnv("HTTP_LISTEN_PORT")`,
		"noprefix": "",
	} {
		f := fitRun(root, "./cmd/"+main)
		if got := f.LocalOption(); got != want {
			t.Errorf("%s: %q, want %q (%+v)", main, got, want, f)
		}
		for _, n := range f.notes("./cmd/" + main) {
			if strings.Contains(n, "found no") {
				t.Errorf("%s: %s", main, n)
			}
		}
	}
}
