package greenlight

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"

	"github.com/greenlight-cd/greenlight/pkg/runlog"
	"github.com/greenlight-cd/greenlight/pkg/secrets"
)

// Main runs pipeline as a program: the whole of a pipeline.go's main function.
//
//	func main() { greenlight.Main(pipeline, greenlight.WithEnvironments(...)) }
//
// Flags: --report FILE writes the JSON report; --quiet prints only the final table.
// SIGINT or SIGTERM cancels the run cleanly (canaries aborted, traffic back on stable).
// Exit status: 0 passed, 1 failed, 2 bad usage, 130 cancelled.
func Main(pipeline func(*P), opts ...Option) {
	os.Exit(MainArgs(os.Args[1:], os.Stderr, pipeline, opts...))
}

// MainArgs is Main with explicit arguments and output, returning the exit status. --help
// prints the flags and returns 0; an unknown flag or an argument that is not a flag returns 2.
func MainArgs(args []string, stderr io.Writer, pipeline func(*P), opts ...Option) int {
	fs := flag.NewFlagSet("pipeline", flag.ContinueOnError)
	fs.SetOutput(stderr)
	f := defineFlags(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "pipeline: unexpected argument %q (flags start with -)\n", fs.Arg(0))
		return 2
	}
	report, quiet, events, request := f.report, f.quiet, f.events, f.request
	// The secrets greenlight run hands over through a descriptor (never the environment).
	if _, err := secrets.Received(); err != nil {
		fmt.Fprintf(stderr, "greenlight: %v\n", err)
		return 2
	}
	// The run logs what its events cannot carry (a notifier that failed to close) where the
	// program's errors go, unless the pipeline says otherwise.
	opts = append([]Option{WithLogger(slog.New(slog.NewTextHandler(stderr, nil)))}, opts...)
	if *request != "" {
		var code int
		var done bool
		if opts, code, done = fromRequest(*request, *events, stderr, opts); done {
			return code
		}
	} else {
		opts = append([]Option{WithSource(runlog.SourceFromEnv())}, opts...)
	}
	if *events != "" {
		f, err := os.OpenFile(*events, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
		if err != nil {
			fmt.Fprintf(stderr, "greenlight: --events: %v\n", err)
			return 2
		}
		defer f.Close()
		closeInherited(*events)
		opts = append(opts, WithSink(newProtocolSink(f)))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	con := runlog.NewConsole(stderr)
	switch {
	case *events != "":
		// whoever reads the events shows the progress
	case *quiet:
		opts = append(opts, WithSink(runlog.SinkFunc(func(e runlog.Event) {
			if e.Kind == runlog.StageFinished || e.Kind == runlog.RunFinished || e.Kind == runlog.RunStarted {
				con.Emit(e)
			}
		})))
	default:
		opts = append(opts, WithSink(con))
	}
	rep, err := Run(ctx, pipeline, opts...)
	if rep == nil {
		fmt.Fprintf(stderr, "greenlight: %v\n", err)
		return 2
	}
	if *report != "" {
		if werr := rep.WriteFile(*report); werr != nil {
			fmt.Fprintf(stderr, "greenlight: %v\n", werr)
			return 1
		}
	}
	switch {
	case rep.Status == runlog.Cancelled:
		return 130
	case rep.Status == runlog.Skipped:
		return 0
	case err != nil && errors.Is(err, ErrFailed):
		return 1
	case err != nil:
		return 1
	}
	return 0
}

// mainFlags are MainArgs's flags.
type mainFlags struct {
	report, events, request *string
	quiet                   *bool
}

func defineFlags(fs *flag.FlagSet) mainFlags {
	return mainFlags{
		report:  fs.String("report", "", "write the run's JSON report to `FILE`"),
		quiet:   fs.Bool("quiet", false, "print only the final table"),
		events:  fs.String("events", "", "write the run as greenlight's protocol stream to `FILE`: every event, then the report (greenlight run reads it)"),
		request: fs.String("request", "", "run as the protocol request in `FILE` asks (greenlight run writes it)"),
	}
}

// DefineFlags defines MainArgs's flags on fs, for a program that parses its own flags with
// them (launch.Main adds --local) and passes those of MainArgs on: a typo is then an error of
// the one parse, and --help lists them all.
func DefineFlags(fs *flag.FlagSet) { defineFlags(fs) }

// closeInherited closes the descriptor that path names when it is an inherited one
// (/dev/fd/N), once the run holds its own close-on-exec copy: an inherited descriptor stays
// open across exec, so the code the run tests (go test) could otherwise write the run's events
// and report to greenlight run.
func closeInherited(path string) {
	n, ok := strings.CutPrefix(path, "/dev/fd/")
	if !ok {
		return
	}
	if fd, err := strconv.Atoi(n); err == nil && fd > 2 {
		if f := os.NewFile(uintptr(fd), path); f != nil {
			f.Close()
		}
	}
}
