// Package actions is Greenlight's side of the GitHub Actions runtime, wrapping
// go-githubactions: inputs, outputs and environment files written safely, log groups per
// stage, annotations on failure, masks for secrets, the step summary, and the triggering
// event decoded into go-github's types.
//
// go-githubactions writes every output and environment variable with one fixed delimiter and
// never checks values, so a value holding that delimiter (a commit message, a branch name)
// could set other outputs or variables. Here each value gets a fresh random delimiter, as
// GitHub's own toolkit does, names are checked, and variables that change how later steps run
// (LD_PRELOAD, NODE_OPTIONS, BASH_ENV, ...) are refused.
package actions

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	ga "github.com/sethvargo/go-githubactions"
)

// Runtime is the Actions runtime of one step.
type Runtime struct {
	*ga.Action
	getenv func(string) string
}

// New returns the runtime of the current step (from the process environment), or one that
// writes its commands to w and reads variables from getenv (tests).
func New(w io.Writer, getenv func(string) string) *Runtime {
	if getenv == nil {
		getenv = os.Getenv
	}
	opts := []ga.Option{ga.WithGetenv(getenv)}
	if w != nil {
		opts = append(opts, ga.WithWriter(w))
	}
	return &Runtime{Action: ga.New(opts...), getenv: getenv}
}

// InActions reports whether this runs in a GitHub Actions step.
func (r *Runtime) InActions() bool { return r.getenv("GITHUB_ACTIONS") == "true" }

var nameRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)

// dangerousEnv are variables a step must never set for the steps after it.
var dangerousEnv = map[string]bool{
	"LD_PRELOAD": true, "LD_LIBRARY_PATH": true, "LD_AUDIT": true, "DYLD_INSERT_LIBRARIES": true,
	"NODE_OPTIONS": true, "BASH_ENV": true, "ENV": true, "PATH": true, "PYTHONPATH": true, "PERL5OPT": true,
	"RUBYOPT": true, "JAVA_TOOL_OPTIONS": true, "GIT_SSH_COMMAND": true, "GIT_CONFIG_GLOBAL": true, "HOME": true,
}

// SetOutput sets a step output.
func (r *Runtime) SetOutput(name, value string) error {
	return r.fileCommand("GITHUB_OUTPUT", name, value)
}

// SetEnv sets an environment variable for the following steps.
func (r *Runtime) SetEnv(name, value string) error {
	up := strings.ToUpper(name)
	if dangerousEnv[up] || strings.HasPrefix(up, "GITHUB_") || strings.HasPrefix(up, "RUNNER_") || strings.HasPrefix(up, "ACTIONS_") {
		return fmt.Errorf("refusing to set %s for the next steps: it changes how they run", name)
	}
	return r.fileCommand("GITHUB_ENV", name, value)
}

func (r *Runtime) fileCommand(file, name, value string) error {
	if !nameRE.MatchString(name) {
		return fmt.Errorf("invalid name %q: letters, digits, _ and -, not starting with a digit", name)
	}
	if strings.ContainsRune(value, 0) {
		return fmt.Errorf("value of %s holds a NUL byte", name)
	}
	path := r.getenv(file)
	if path == "" {
		return fmt.Errorf("$%s is not set: not running in a GitHub Actions step", file)
	}
	var b [16]byte
	rand.Read(b[:])
	delim := "ghadelimiter_" + hex.EncodeToString(b[:])
	if strings.Contains(value, delim) { // cannot happen by chance; refuse rather than risk it
		return errors.New("value holds the delimiter")
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("writing $%s: %w", file, err)
	}
	_, werr := fmt.Fprintf(f, "%s<<%s\n%s\n%s\n", name, delim, value, delim)
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	return werr
}

// Mask hides secret in the log from now on, each line of it (a mask is one line).
func (r *Runtime) Mask(secret string) {
	for _, line := range strings.Split(secret, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			r.AddMask(line)
		}
	}
}

// Summary appends Markdown to the step summary.
func (r *Runtime) Summary(markdown string) error {
	path := r.getenv("GITHUB_STEP_SUMMARY")
	if path == "" {
		return errors.New("$GITHUB_STEP_SUMMARY is not set: not running in a GitHub Actions step")
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	_, werr := io.WriteString(f, markdown+"\n")
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	return werr
}
