package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/greenlight-cd/greenlight/pkg/governance"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/protocol"
	"github.com/greenlight-cd/greenlight/pkg/slack/notify"
)

// askCompiledPipeline compiles the pipeline in dir and asks it q through the run protocol; the
// pipeline answers with governance.Ask on its own environments (cliEnv.askPipeline).
func askCompiledPipeline(ctx context.Context, dir string, q governance.Query, stderr io.Writer) (governance.Answer, error) {
	var a governance.Answer
	err := askCompiled(ctx, dir, defaultCache(), q, &a, stderr)
	return a, err
}

func ask(ctx context.Context, e *cliEnv, name, dir string, q governance.Query) (governance.Answer, int) {
	stderr := e.stderr
	if e.askPipeline == nil {
		fmt.Fprintf(stderr, "greenlight %s: this build of greenlight cannot ask the pipeline yet (the run protocol carries no queries): evaluate with governance.Ask in a test of pipeline.go\n", name)
		return governance.Answer{}, 2
	}
	a, err := e.askPipeline(ctx, dir, q, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "greenlight %s: %v\n", name, err)
		return a, 1
	}
	return a, 0
}

func runCalendar(ctx context.Context, e *cliEnv, fs *flag.FlagSet, args []string) int {
	stdout, stderr := e.stdout, e.stderr
	dir := fs.String("pipeline", ".greenlight", "the directory of pipeline.go")
	days := fs.Int("days", 30, "how many days ahead")
	asJSON := fs.Bool("json", false, "print JSON")
	if code, ok := parse(fs, args, stdout); !ok {
		return code
	}
	if *days <= 0 || *days > 400 {
		fmt.Fprintln(stderr, "greenlight calendar: --days must be between 1 and 400")
		return 2
	}
	now := e.now()
	a, code := ask(ctx, e, "calendar", *dir, governance.Query{Kind: governance.CalendarQuery, From: now, Days: *days})
	if code != 0 {
		return code
	}
	if *asJSON {
		return printJSON(stdout, stderr, a.Calendar)
	}
	fmt.Fprint(stdout, governance.CalendarText(a.Calendar, now))
	return 0
}

func runPolicy(ctx context.Context, e *cliEnv, fs *flag.FlagSet, args []string) int {
	stdout, stderr := e.stdout, e.stderr
	dir := fs.String("pipeline", ".greenlight", "the directory of pipeline.go")
	env := fs.String("env", "", "the environment whose policies to evaluate")
	digest := fs.String("digest", "", "the image: sha256:<64 hex> or REPO@sha256:<64 hex>")
	move := fs.String("move", "promote", "the move to check: deploy, canary-step, promote, redeploy, rollback")
	asJSON := fs.Bool("json", false, "print JSON (greenlight report --policies reads it)")
	thread := fs.String("thread", "", "also post the result in this release's Slack thread (CHANNEL_ID/TS, the deploy workflow's thread input), with SLACK_BOT_TOKEN")
	if len(args) == 0 || args[0] != "check" {
		// --help, or a flag before the subcommand: the flags' own answer (exit 0 or 2).
		if code, ok := parse(fs, args, stdout); !ok {
			return code
		}
		fmt.Fprintln(stderr, "greenlight policy: the subcommand is check: greenlight policy check --env ENV --digest sha256:…")
		return 2
	}
	if code, ok := parse(fs, args[1:], stdout); !ok {
		return code
	}
	if *env == "" || *digest == "" {
		fmt.Fprintln(stderr, "greenlight policy check: give --env and --digest")
		return 2
	}
	kind, known := movesByName[*move]
	if !known {
		fmt.Fprintf(stderr, "greenlight policy check: unknown --move %q: deploy, first-release, canary-step, promote, redeploy or rollback\n", *move)
		return 2
	}
	if *thread != "" {
		if err := (protocol.Inputs{Command: protocol.Run, Thread: *thread}).Validate(); err != nil {
			fmt.Fprintf(stderr, "greenlight policy check: --thread: %v\n", err)
			return 2
		}
		if os.Getenv("SLACK_BOT_TOKEN") == "" {
			fmt.Fprintln(stderr, "greenlight policy check: --thread needs SLACK_BOT_TOKEN (the app's xoxb-… token, scope chat:write)")
			return 2
		}
	}
	a, code := ask(ctx, e, "policy check", *dir, governance.Query{Kind: governance.PolicyCheckQuery, Env: *env, Image: *digest, Move: kind})
	if code != 0 {
		return code
	}
	title := fmt.Sprintf("%s of %s in %s: %s", a.Move, shortDigest(a.Digest), a.Env, a.Verdict)
	// The step summary and, when asked, the release's thread show it too.
	if p := os.Getenv("GITHUB_STEP_SUMMARY"); p != "" {
		if f, err := os.OpenFile(p, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644); err == nil {
			fmt.Fprintf(f, "\n### Policy check: %s\n\n%s", mdEscape(title), governance.Markdown(a.Results))
			f.Close()
		}
	}
	if *thread != "" {
		var opts []notify.Option
		if u := os.Getenv("SLACK_API_URL"); u != "" {
			opts = append(opts, notify.WithAPIURL(u))
		}
		text := notify.PolicyText("a dry run ("+title+")", governance.PolicyResults(a.Results))
		if err := notify.PostInThread(ctx, os.Getenv("SLACK_BOT_TOKEN"), *thread, text, opts...); err != nil {
			fmt.Fprintf(stderr, "greenlight policy check: posting in the Slack thread %s failed: %v (the result stands)\n", *thread, err)
		}
	}
	if *asJSON {
		if c := printJSON(stdout, stderr, a); c != 0 {
			return c
		}
	} else {
		fmt.Fprintf(stdout, "%s of %s in %s: %s\n", a.Move, a.Digest, a.Env, a.Verdict)
		fmt.Fprint(stdout, governance.Text(a.Results))
	}
	if a.Verdict == governance.Refuse {
		return 1
	}
	return 0
}

// movesByName are the moves a dry run may check.
var movesByName = map[string]greenlight.MoveKind{
	"deploy": greenlight.MoveDeploy, "first-release": greenlight.MoveFirstRelease, "canary-step": greenlight.MoveCanaryStep,
	"promote": greenlight.MovePromote, "redeploy": greenlight.MoveRedeploy, "rollback": greenlight.MoveRollback,
}

func printJSON(stdout, stderr io.Writer, v any) int {
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		fmt.Fprintf(stderr, "greenlight: %v\n", err)
		return 1
	}
	return 0
}

// shortDigest is sha256: and the first 12 hex digits.
func shortDigest(d string) string {
	if len(d) > len("sha256:")+12 {
		return d[:len("sha256:")+12]
	}
	return d
}

// mdEscape keeps text from forming Markdown or HTML in the step summary.
func mdEscape(s string) string {
	return strings.NewReplacer("<", "&lt;", ">", "&gt;", "|", "\\|", "`", "'", "*", "\\*", "_", "\\_", "[", "\\[").Replace(s)
}
