package secrets

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
)

// Why secrets are handed over and not inherited: a process's environment, as it was when the
// process was exec'd, stays readable in /proc/PID/environ by every process of the same user for
// as long as the process lives (os.Unsetenv does not change it). The code under test runs as
// that user, below the step's shell, the CLI and the compiled pipeline. So none of those holds
// a secret in the environment it was exec'd with: the action execs the CLI, the CLI moves the
// secrets into memory and execs itself again without them (Reexec), and hands them to the
// compiled pipeline through an inherited pipe (Pass), which the receiving program drains before
// its main function runs (this package's init). See docs/trust.md.

// NamesVar is the variable in which a workflow lists the names of the variables whose values
// come from its `secrets.` context, separated by spaces or commas: those are secrets whatever
// their names, beside the names IsSecretName recognises. The workflow `greenlight init` writes
// sets it.
const NamesVar = "GREENLIGHT_SECRET_NAMES"

// FDVar names the inherited file descriptor through which a program receives the secrets
// handed over by Reexec or Pass. It holds a number, never a secret.
const FDVar = "GREENLIGHT_SECRETS_FD"

// maxHandover is the most a handover carries: more than the 48 KB of GitHub's largest secret
// times the few secrets a deploy job has.
const maxHandover = 1 << 20

// received is what this process received through FDVar, read by init.
var (
	receivedNames []string
	receivedErr   error
	handedOver    bool
)

func init() { receivedNames, receivedErr = receive() }

// Received returns the names of the secrets this process was handed through FDVar (now in its
// environment in-process only, where os.Getenv and the FromEnv helpers find them), and the
// error if a handover was announced but could not be read; a program then stops, saying so.
func Received() ([]string, error) { return receivedNames, receivedErr }

// isSecretIn returns the rule for environ: IsSecretName, or a name listed in environ's NamesVar.
func isSecretIn(environ []string) func(string) bool {
	listed := map[string]bool{}
	for _, kv := range environ {
		if name, v, ok := strings.Cut(kv, "="); ok && name == NamesVar {
			for _, n := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\t' }) {
				listed[n] = true
			}
		}
	}
	return func(name string) bool { return name != NamesVar && (IsSecretName(name) || listed[name]) }
}

// Split divides environ (as os.Environ returns it) into the variables that hold no secret and
// those that do (IsSecretName, or listed in environ's NamesVar), by name. Empty secrets count as
// absent. NamesVar itself is public.
func Split(environ []string) (public []string, secret map[string]string) {
	isSecret := isSecretIn(environ)
	secret = map[string]string{}
	for _, kv := range environ {
		name, v, ok := strings.Cut(kv, "=")
		switch {
		case !ok || name == FDVar:
		case isSecret(name):
			if v != "" {
				secret[name] = v
			}
		default:
			public = append(public, kv)
		}
	}
	return public, secret
}

// withNames returns public with NamesVar listing every name of secret too, so that the
// receiving program knows them all for redaction and for its children.
func withNames(public []string, secret map[string]string) []string {
	var names []string
	for n := range secret {
		names = append(names, n)
	}
	sort.Strings(names)
	out := make([]string, 0, len(public)+1)
	for _, kv := range public {
		if n, v, _ := strings.Cut(kv, "="); n == NamesVar {
			names = append(names, strings.Fields(strings.ReplaceAll(v, ",", " "))...)
			continue
		}
		out = append(out, kv)
	}
	return append(out, NamesVar+"="+strings.Join(dedupe(names), " "))
}

func dedupe(s []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, v := range s {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// Reexec executes the running program again with args, with the public part of environ as its
// environment and the secret part handed over through an inherited pipe, so that its
// /proc/PID/environ no longer shows them; the new image receives them in memory (Received).
// It returns nil at once when environ holds no secret or this process was itself handed its
// secrets, and otherwise returns only on failure.
func Reexec(args, environ []string) error {
	if handedOver || !canHandOver {
		return nil
	}
	public, secret := Split(environ)
	if len(secret) == 0 {
		return nil
	}
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("moving the secrets out of the environment: %w", err)
	}
	r, err := secretPipe(secret)
	if err != nil {
		return err
	}
	defer r.Close()
	fd := r.Fd() // blocking mode, as the new image reads it
	if err := inheritable(fd); err != nil {
		return fmt.Errorf("moving the secrets out of the environment: %w", err)
	}
	env := append(withNames(public, secret), FDVar+"="+strconv.Itoa(int(fd)))
	return fmt.Errorf("moving the secrets out of the environment: re-executing %s: %w", exe, execve(exe, args, env))
}

// Pass sets cmd's environment to the public part of environ, and hands the secret part over to
// the program through an inherited pipe named by FDVar (appended to cmd.ExtraFiles), which
// the program drains before its main runs if it links this package. Call done after cmd.Start
// (whether it succeeded or not) to close this process's end.
func Pass(cmd *exec.Cmd, environ []string) (done func(), err error) {
	public, secret := Split(environ)
	if !canHandOver {
		cmd.Env = environ
		return func() {}, nil
	}
	if len(secret) == 0 {
		cmd.Env = public
		return func() {}, nil
	}
	r, err := secretPipe(secret)
	if err != nil {
		return nil, err
	}
	cmd.ExtraFiles = append(cmd.ExtraFiles, r)
	cmd.Env = append(withNames(public, secret), FDVar+"="+strconv.Itoa(2+len(cmd.ExtraFiles)))
	return func() { r.Close() }, nil
}

// secretPipe returns the read end of a pipe that holds secret, its write end closed: the data
// waits in the pipe's buffer, which is made large enough, so nothing blocks across an exec.
func secretPipe(secret map[string]string) (*os.File, error) {
	b, err := json.Marshal(secret)
	if err != nil {
		return nil, err
	}
	if len(b) > maxHandover {
		return nil, fmt.Errorf("the job's secrets take %d bytes, more than the %d a handover carries: pass fewer or smaller secrets", len(b), maxHandover)
	}
	r, w, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("handing over the secrets: %w", err)
	}
	if err := fitPipe(w, len(b)); err != nil {
		r.Close()
		w.Close()
		return nil, fmt.Errorf("handing over the secrets (%d bytes): %w", len(b), err)
	}
	_, err = w.Write(b)
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		r.Close()
		return nil, fmt.Errorf("handing over the secrets: %w", err)
	}
	return r, nil
}

// receive reads the secrets handed over through FDVar, if any, sets them in this process's
// environment (in memory only: /proc/PID/environ keeps what the process was exec'd with, which
// held none) and closes the descriptor, so that no child inherits it.
func receive() ([]string, error) {
	v, ok := os.LookupEnv(FDVar)
	if !ok {
		return nil, nil
	}
	os.Unsetenv(FDVar)
	handedOver = true
	fd, err := strconv.Atoi(v)
	if err != nil || fd < 3 {
		return nil, fmt.Errorf("%s=%q is not an inherited file descriptor: start this program with greenlight run", FDVar, v)
	}
	// Nothing this process holds from here on is readable through /proc by the code it runs.
	hideFromSameUser()
	f := os.NewFile(uintptr(fd), "secrets")
	if f == nil {
		return nil, fmt.Errorf("%s=%d is not an open file descriptor: start this program with greenlight run", FDVar, fd)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxHandover+1))
	if err != nil {
		return nil, fmt.Errorf("reading the secrets handed over: %w", err)
	}
	var secret map[string]string
	if err := json.Unmarshal(b, &secret); err != nil {
		return nil, errors.New("the secrets handed over are not readable: start this program with a greenlight run of the same version")
	}
	var names []string
	for k, v := range secret {
		if err := os.Setenv(k, v); err != nil {
			return nil, fmt.Errorf("the secret %s: %w", k, err)
		}
		names = append(names, k)
	}
	sort.Strings(names)
	// Every handed-over name is a secret here too, whatever it is called.
	os.Setenv(NamesVar, strings.Join(dedupe(append(strings.Fields(strings.ReplaceAll(os.Getenv(NamesVar), ",", " ")), names...)), " "))
	return names, nil
}
