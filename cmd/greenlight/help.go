package main

import (
	"context"
	"flag"
	"fmt"
	"strings"
)

// runHelp is `greenlight help [COMMAND]`.
func runHelp(ctx context.Context, e *cliEnv, fs *flag.FlagSet, args []string) int {
	if code, ok := parse(fs, args, e.stdout); !ok {
		return code
	}
	switch fs.NArg() {
	case 0:
		fmt.Fprint(e.stdout, topUsage())
		return 0
	case 1:
		if c := lookup(fs.Arg(0)); c != nil {
			return c.run(ctx, e, c.flagSet(e.stdout), []string{"--help"})
		}
		fmt.Fprintf(e.stderr, "greenlight help: no command %q\n\n%s", fs.Arg(0), topUsage())
		return 2
	}
	fmt.Fprintf(e.stderr, "greenlight help: name one command\n\n%s", topUsage())
	return 2
}

// topUsage lists every command with its synopsis and what it does.
func topUsage() string {
	var b strings.Builder
	b.WriteString("greenlight: pipeline-as-code continuous deployment\n\nusage:\n")
	b.WriteString(commandsUsage())
	b.WriteString("\n`greenlight COMMAND --help` says what a command does, its flags and an example.\n")
	return b.String()
}
