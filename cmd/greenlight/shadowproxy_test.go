package main

import (
	"bufio"
	"io"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Issue 26: the sidecar a Gateway API dark launch puts in the shadow's pods, run as the image
// runs it (the greenlight binary, `shadow-proxy`), in front of a real HTTP server: a GET that a
// client sent with Greenlight-Shadow: 0 reaches the app with exactly Greenlight-Shadow: 1, the
// app's answer comes back, and SIGTERM stops the proxy with exit 0. No --to is a usage error.
func TestShadowProxyProcessMarksWhatItForwards(t *testing.T) {
	marker := make(chan []string, 1)
	app := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		marker <- r.Header.Values("Greenlight-Shadow")
		io.WriteString(w, "app "+r.URL.RequestURI())
	}))
	defer app.Close()
	bin := greenlightBinary(t)
	if code, _, errs := runCLI("shadow-proxy", "--listen", "127.0.0.1:0"); code != 2 || !strings.Contains(errs, "--to") {
		t.Errorf("no --to: exit %d, %q", code, errs)
	}
	cmd := exec.Command(bin, "shadow-proxy", "--listen", "127.0.0.1:0", "--to", app.Listener.Addr().String(), "--timeout", "10s")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	sc := bufio.NewScanner(stderr)
	addr := ""
	for addr == "" && sc.Scan() {
		if m := regexp.MustCompile(`listen=(\S+)`).FindStringSubmatch(sc.Text()); m != nil {
			addr = m[1]
		}
	}
	if addr == "" {
		t.Fatal("the proxy never said where it listens")
	}
	go io.Copy(io.Discard, stderr)
	req, _ := http.NewRequest("GET", "http://"+addr+"/orders?id=7", nil)
	req.Header.Set("Greenlight-Shadow", "0")
	resp, err := (&http.Client{Timeout: 30 * time.Second}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if got := <-marker; len(got) != 1 || got[0] != "1" {
		t.Errorf("the app got Greenlight-Shadow %q, want exactly [1]", got)
	}
	if resp.StatusCode != 200 || string(body) != "app /orders?id=7" {
		t.Errorf("the client got %d %q", resp.StatusCode, body)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	if err := cmd.Wait(); err != nil {
		t.Errorf("after SIGTERM: %v", err)
	}
}
