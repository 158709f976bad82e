package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
)

// command is one subcommand of the CLI. Each lives in its own file and registers itself from an
// init function, so adding a command touches no other file.
type command struct {
	// name is the word after greenlight.
	name string
	// summary says in one line what it does.
	summary string
	// usage is the synopsis, such as "greenlight analyze --replay FILE [--alpha A] [--json]".
	usage string
	// example is one or more command lines a user can copy.
	example string
	// run carries the command out. fs is ready for flags (its --help prints summary, usage, the
	// flags and the example); call parse. It returns the exit status: 0 done, 1 failed,
	// 2 usage or configuration error.
	run func(ctx context.Context, fs *flag.FlagSet, args []string, stdout, stderr io.Writer) int
}

var commands = map[string]*command{}

// register adds c to the CLI; a second command of the same name is a programming error.
func register(c *command) {
	if _, dup := commands[c.name]; dup {
		panic("greenlight: command registered twice: " + c.name)
	}
	commands[c.name] = c
}

// flagSet makes the flag set of c, whose -h/--help prints what c does, its flags and an example.
func (c *command) flagSet(stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("greenlight "+c.name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintf(w, "%s\n\nusage:\n  %s\n", c.summary, c.usage)
		var any bool
		fs.VisitAll(func(*flag.Flag) { any = true })
		if any {
			fmt.Fprintln(w, "\nflags:")
			fs.PrintDefaults()
		}
		if c.example != "" {
			fmt.Fprintf(w, "\nexample:\n")
			for _, l := range strings.Split(strings.TrimSpace(c.example), "\n") {
				fmt.Fprintf(w, "  %s\n", l)
			}
		}
	}
	return fs
}

// parse parses args into fs. ok is false when the command must stop with code: 0 after --help
// (printed to stdout), 2 after a usage error (printed with the usage to stderr).
func parse(fs *flag.FlagSet, args []string, stdout io.Writer) (code int, ok bool) {
	errOut := fs.Output()
	if helpAsked(args) {
		fs.SetOutput(stdout)
		fs.Usage()
		fs.SetOutput(errOut)
		return 0, false
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0, false
		}
		return 2, false
	}
	return 0, true
}

// helpAsked reports whether args ask for help before any positional argument or "--".
func helpAsked(args []string) bool {
	for _, a := range args {
		switch a {
		case "-h", "-help", "--help":
			return true
		case "--":
			return false
		}
	}
	return false
}

// registeredUsage lists the registered commands for the top-level usage.
func registeredUsage() string {
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, n := range names {
		fmt.Fprintf(&b, "  %s\n      %s\n", commands[n].usage, commands[n].summary)
	}
	return b.String()
}
