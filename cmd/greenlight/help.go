package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
)

func init() {
	register(&command{
		name:    "help",
		summary: "list the commands, or say what one does, its flags and an example",
		usage:   "greenlight help [COMMAND]",
		example: "greenlight help\ngreenlight help init",
		run: func(ctx context.Context, fs *flag.FlagSet, args []string, stdout, stderr io.Writer) int {
			if code, ok := parse(fs, args, stdout); !ok {
				return code
			}
			switch fs.NArg() {
			case 0:
				fmt.Fprint(stdout, topUsage())
				return 0
			case 1:
				if c, ok := commands[fs.Arg(0)]; ok {
					cfs := c.flagSet(stdout)
					return c.run(ctx, cfs, []string{"--help"}, stdout, stderr)
				}
				fmt.Fprintf(stderr, "greenlight help: no command %q\n\n%s", fs.Arg(0), topUsage())
				return 2
			}
			fmt.Fprintf(stderr, "greenlight help: name one command\n\n%s", topUsage())
			return 2
		},
	})
}

// topUsage lists every command with its synopsis and what it does.
func topUsage() string {
	var b strings.Builder
	b.WriteString("greenlight: pipeline-as-code continuous deployment\n\nusage:\n")
	b.WriteString(registeredUsage())
	b.WriteString("\n`greenlight COMMAND --help` says what a command does, its flags and an example.\n")
	return b.String()
}
