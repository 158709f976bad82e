package slack

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"github.com/greenlight-cd/greenlight/pkg/protocol"
)

// Command is one parsed slash command: /greenlight NAME [ENV] [...].
type Command struct {
	Name   string // status, rollback, deploy, lock, unlock, history, help
	Env    string
	Ref    string // rollback's target (after "to"), deploy's digest, commit or ref
	Reason string // lock's reason
}

// Lengths are bounded in code rather than by counted repetitions, which Go's regexp compiles
// into that many copies when the bot (and every CLI command linking it) starts.
var (
	digestRE = regexp.MustCompile(`^sha256:[0-9a-f]+$`)
	refRE    = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._/-]*$`)
)

// maxRef is the longest branch, tag or commit a command takes.
const maxRef = 200

// validEnv is the environment names the run protocol accepts, so a command the bot takes is
// never refused by the run it dispatches.
func validEnv(e string) bool { return protocol.ValidEnvironment(e) }

// validDigest reports whether d is sha256:<64 lower-case hex>.
func validDigest(d string) bool { return len(d) == len("sha256:")+64 && digestRE.MatchString(d) }

// flagRE is a feature flag's name, as pkg/flags.ValidName takes it.
var flagRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// validSubject says whether an approval button names what it is for consistently: an image's
// digest, or a valid flag's name with "flag:<name>" as its subject.
func validSubject(v buttonValue) bool {
	if v.Flag != "" {
		return flagRE.MatchString(v.Flag) && v.Digest == "flag:"+v.Flag && v.Percent >= 0 && v.Percent <= 100
	}
	return validDigest(v.Digest)
}

// Usage is the one-line summary of the commands.
const Usage = "status [ENV] · rollback ENV [to REF|DIGEST] · deploy ENV REF|DIGEST · lock ENV REASON · unlock ENV · history ENV · help"

// Commands lists every command with what it does and an example, for /greenlight help.
var Commands = []struct{ Form, Does, Example string }{
	{"status [ENV]", "what runs in ENV (or everywhere), from GitHub Deployments", "/greenlight status production"},
	{"history ENV", "the last 10 deploys of ENV", "/greenlight history production"},
	{"rollback ENV [to REF|DIGEST]", "redeploy the previous good release (or the one named), no rebuild", "/greenlight rollback production"},
	{"deploy ENV REF|DIGEST", "deploy a commit, branch or image digest", "/greenlight deploy staging 3f2a9c1"},
	{"lock ENV REASON", "stop automatic deploys to ENV; rollbacks still work", "/greenlight lock production incident 4711"},
	{"unlock ENV", "lift the lock", "/greenlight unlock production"},
	{"help", "this list", "/greenlight help"},
}

// Help is the answer to /greenlight help.
func Help() string {
	var b strings.Builder
	b.WriteString("*Greenlight commands*\n")
	for _, c := range Commands {
		fmt.Fprintf(&b, "• `%s`: %s. Example: `%s`\n", c.Form, c.Does, c.Example)
	}
	b.WriteString("Approve and Reject are buttons on the approval message.")
	return b.String()
}

func validRef(r string) bool {
	return validDigest(r) || (len(r) <= maxRef && refRE.MatchString(r) && !strings.Contains(r, "..") && !strings.HasSuffix(r, ".lock") && !strings.HasSuffix(r, "/"))
}

// ParseCommand parses the text of a /greenlight command. Errors say what was wrong and how the
// command is written.
func ParseCommand(text string) (Command, error) {
	for _, r := range text {
		if unicode.IsControl(r) && r != '\t' && r != '\n' {
			return Command{}, fmt.Errorf("the command holds a control character")
		}
	}
	f := strings.Fields(text)
	if len(f) == 0 {
		return Command{Name: "help"}, nil
	}
	c := Command{Name: strings.ToLower(f[0])}
	args := f[1:]
	usage := func(form string) error { return fmt.Errorf("usage: %s", form) }
	env := func() error {
		if len(args) == 0 {
			return fmt.Errorf("%s needs an environment", c.Name)
		}
		if !validEnv(args[0]) {
			return fmt.Errorf("%q is not an environment name (letters, digits, . _ -)", truncate(args[0], 40))
		}
		c.Env, args = args[0], args[1:]
		return nil
	}
	ref := func(r string) error {
		if !validRef(r) {
			return fmt.Errorf("%q is not a digest (sha256:…), a commit or a ref", truncate(r, 80))
		}
		c.Ref = r
		return nil
	}
	switch c.Name {
	case "help":
		if len(args) > 0 {
			return c, usage("help")
		}
	case "status":
		if len(args) > 1 {
			return c, usage("status [ENV]")
		}
		if len(args) == 1 {
			if err := env(); err != nil {
				return c, err
			}
		}
	case "rollback":
		if err := env(); err != nil {
			return c, fmt.Errorf("%v; usage: rollback ENV [to REF]", err)
		}
		switch {
		case len(args) == 0:
		case len(args) == 2 && strings.EqualFold(args[0], "to"):
			if err := ref(args[1]); err != nil {
				return c, err
			}
		default:
			return c, usage("rollback ENV [to REF]")
		}
	case "deploy":
		if err := env(); err != nil {
			return c, fmt.Errorf("%v; usage: deploy ENV REF", err)
		}
		if len(args) != 1 {
			return c, usage("deploy ENV REF")
		}
		if err := ref(args[0]); err != nil {
			return c, err
		}
	case "lock":
		if err := env(); err != nil {
			return c, fmt.Errorf("%v; usage: lock ENV REASON", err)
		}
		if len(args) == 0 {
			return c, fmt.Errorf("lock needs a reason, so that others know why; usage: lock ENV REASON")
		}
		c.Reason = truncate(strings.Join(args, " "), 500)
	case "unlock", "history":
		if err := env(); err != nil {
			return c, fmt.Errorf("%v; usage: %s ENV", err, c.Name)
		}
		if len(args) != 0 {
			return c, usage(c.Name + " ENV")
		}
	default:
		return Command{}, fmt.Errorf("unknown command %q; commands: %s", truncate(f[0], 40), Usage)
	}
	return c, nil
}

// String writes the command back as it would be typed.
func (c Command) String() string {
	parts := []string{c.Name}
	if c.Env != "" {
		parts = append(parts, c.Env)
	}
	switch {
	case c.Name == "rollback" && c.Ref != "":
		parts = append(parts, "to", c.Ref)
	case c.Name == "deploy":
		parts = append(parts, c.Ref)
	case c.Name == "lock":
		parts = append(parts, c.Reason)
	}
	return strings.Join(parts, " ")
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

func shortSHA(s string) string {
	if len(s) > 7 {
		return s[:7]
	}
	return s
}
