package report

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/pkg/approval"

	"github.com/greenlight-cd/greenlight/pkg/analysis"
	"github.com/greenlight-cd/greenlight/pkg/governance"
)

// release is a run with a three-step canary in production whose figures the charts must show.
func release() Page {
	t0 := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	at := func(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }
	st := func(name, env string, from, to int, status runlog.Status, result string) runlog.StageRecord {
		return runlog.StageRecord{Name: name, Env: env, Status: status, Start: at(from), End: at(to), Duration: at(to).Sub(at(from)), Result: result}
	}
	sample := func(req, errs int64, p99 time.Duration) analysis.Sample {
		return analysis.Sample{Requests: req, Errors: errs, P50: p99 / 4, P99: p99}
	}
	return Page{
		Report: &runlog.Report{Pipeline: "checkout", Run: "42", Status: runlog.Passed, Start: t0, End: at(900),
			Source: runlog.Source{Repository: "acme/checkout", Commit: "0123456789abcdef0123456789abcdef01234567", Author: "dev",
				Trigger: "push", RunURL: "https://github.com/acme/checkout/actions/runs/42"},
			Stages: []runlog.StageRecord{
				st("test", "", 0, 60, runlog.Passed, "312 tests"),
				st("build", "", 60, 180, runlog.Passed, "built"),
				st("deploy-staging", "staging", 180, 240, runlog.Passed, "live"),
				st("canary", "production", 240, 840, runlog.Passed, "promoted after 3 steps"),
				st("promote", "production", 840, 900, runlog.Passed, "100%"),
			},
			Verdicts: []analysis.Verdict{
				{Outcome: analysis.Pass, Env: "production", Weight: 5, Time: at(400), Stable: sample(2000, 2, 120*time.Millisecond), Canary: sample(100, 0, 118*time.Millisecond)},
				{Outcome: analysis.Pass, Env: "production", Weight: 25, Time: at(600), Stable: sample(3000, 3, 121*time.Millisecond), Canary: sample(1000, 2, 130*time.Millisecond)},
				{Outcome: analysis.Pass, Env: "production", Weight: 50, Time: at(800), Stable: sample(2000, 2, 119*time.Millisecond), Canary: sample(2000, 5, 142*time.Millisecond)},
			},
			Moves: []runlog.MoveRecord{
				{Kind: "deploy", Env: "staging", Weight: 100, Time: at(200), Outcome: "done", Detail: "signature verified"},
				{Kind: "promote", Env: "production", Weight: 100, Time: at(850), Outcome: "done", Detail: "signature verified; approved by alice (U123)",
					Policies: []runlog.PolicyResult{{Policy: "signed-by", Outcome: runlog.PolicyAllow, Message: "allowed"},
						{Policy: "soak", Outcome: runlog.PolicyAllow, Message: "staging served it for 2h <b>"}}},
			},
			Decisions: []approval.Decision{{Approved: true, By: "U123", Identity: "alice", Via: "slack", At: at(830), Env: "production",
				Digest: "sha256:" + strings.Repeat("a", 64), Reason: "<script>alert(1)</script>"}},
		},
		Policies: []governance.Result{
			{Policy: "signed-by", Outcome: governance.Allow, Message: "allowed"},
			{Policy: "freeze", Outcome: governance.Allow, Message: "not frozen; next freeze Fri 4 Dec 2026 16:00 CET"},
		},
	}
}

func TestPageEscapesAndCarriesTheChartData(t *testing.T) {
	var b bytes.Buffer
	if err := release().WriteHTML(&b); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	if strings.Contains(html, "<script") || !strings.Contains(html, "&lt;script&gt;") {
		t.Fatal("text from outside must be escaped and the page must carry no script")
	}
	for _, bad := range []string{"src=", "<link", "@import", "url("} {
		if strings.Contains(html, bad) {
			t.Errorf("the page loads something from outside: %s", bad)
		}
	}
}

func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("chromium is missing: .ci/chromium.sh installs it")
	}
	t.Skip("chromium is missing: run .ci/chromium.sh (CI does)")
	return ""
}

// browse runs headless chromium with the flags that work here on the page, with extra flags.
func browse(t *testing.T, bin, page string, extra ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	args := append([]string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--no-first-run", "--user-data-dir=" + t.TempDir()}, extra...)
	cmd := exec.CommandContext(ctx, bin, append(args, "file://"+page)...)
	cmd.Env = []string{"HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH")}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium: %v\n%s", err, stderr.String())
	}
	return out
}

// TestPageRendersInHeadlessChromium opens the page in a real browser: the DOM it builds has
// every stage, the canary steps and each chart's data points with the figures of the report,
// and the screenshot shows the charts' lines in their colours.
func TestPageRendersInHeadlessChromium(t *testing.T) {
	bin := chromium(t)
	dir := t.TempDir()
	page := filepath.Join(dir, "release.html")
	f, err := os.Create(page)
	if err != nil {
		t.Fatal(err)
	}
	if err := release().WriteHTML(f); err != nil {
		t.Fatal(err)
	}
	f.Close()

	dom := string(browse(t, bin, page, "--dump-dom"))
	if !strings.Contains(dom, `<span class="passed" id="status">passed</span>`) {
		t.Fatalf("the browser did not build the page:\n%.2000s", dom)
	}
	if n := strings.Count(dom, `class="move" data-outcome="done"`); n != 2 {
		t.Errorf("moves in the DOM: %d, want 2", n)
	}
	if n := strings.Count(dom, `class="stage"`); n != 5 {
		t.Errorf("stages in the DOM: %d, want 5", n)
	}
	// Error rate per version: canary 0%, 0.2%, 0.25%; stable 0.1% at every step. p99 per
	// version: canary 118, 130, 142 ms.
	for _, want := range []string{
		`data-series="canary" data-x="1" data-y="0"`, `data-series="canary" data-x="2" data-y="0.2"`, `data-series="canary" data-x="3" data-y="0.25"`,
		`data-series="stable" data-x="3" data-y="0.1"`,
		`data-series="canary p99" data-x="1" data-y="118"`, `data-series="canary p99" data-x="3" data-y="142"`, `data-series="stable p99" data-x="2" data-y="121"`,
	} {
		if !strings.Contains(dom, want) {
			t.Errorf("the rendered chart lacks the point %s", want)
		}
	}
	if n := len(regexp.MustCompile(`<circle class="point"`).FindAllString(dom, -1)); n != 12 {
		t.Errorf("data points in the DOM: %d, want 12 (3 steps × 2 versions × 2 charts)", n)
	}
	if !strings.Contains(dom, "alice") || !strings.Contains(dom, `data-outcome="allow"`) || strings.Contains(dom, "<script>alert") {
		t.Error("approvals and policies must render, escaped")
	}
	// What the policies said at each traffic move of the run, not only a dry run's.
	if n := strings.Count(dom, `class="move-policy" data-outcome="allow"`); n != 2 || !strings.Contains(dom, "<td>promote 100%</td><td>production</td><td>soak</td>") ||
		!strings.Contains(dom, "staging served it for 2h &lt;b&gt;") {
		t.Errorf("the policies at each move: %d rows\n%.3000s", n, dom[strings.Index(dom, "<h2>Policies</h2>"):])
	}

	shot := filepath.Join(dir, "shot.png")
	browse(t, bin, page, "--screenshot="+shot, "--window-size=1100,1600", "--hide-scrollbars")
	fh, err := os.Open(shot)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	img, err := png.Decode(fh)
	if err != nil {
		t.Fatal(err)
	}
	// The series colours (#0072B2 stable, #D55E00 canary) must be painted somewhere.
	var blue, orange int
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			r, g, bl = r>>8, g>>8, bl>>8
			switch {
			case near(r, 0x00) && near(g, 0x72) && near(bl, 0xB2):
				blue++
			case near(r, 0xD5) && near(g, 0x5E) && near(bl, 0x00):
				orange++
			}
		}
	}
	if blue < 100 || orange < 100 {
		t.Fatalf("the charts' lines are not painted: %d blue and %d orange pixels", blue, orange)
	}
}

func near(a, b uint32) bool { return a+12 >= b && b+12 >= a }
