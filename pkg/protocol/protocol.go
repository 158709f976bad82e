// Package protocol is the one contract between the greenlight CLI (`greenlight run`, the
// Action, the Slack bot, `greenlight deploy|rollback|promote`) and a compiled pipeline.
//
// What a run is — the commit it deploys, what triggered it, the command and its inputs, who
// asked — goes in as one JSON document, a Request. The pipeline answers on one stream of
// JSON lines, Messages: every event of the run, then the final report as the last message. The
// dispatch inputs of the deploy workflow are one type, Inputs, written and read here only.
//
// The package uses only the standard library and knows nothing of the pipeline's own types:
// events and the report travel as JSON that pkg/greenlight encodes and the CLI decodes.
package protocol

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"sync"
)

// Version is the protocol's version; a Request of another version is refused.
const Version = 1

// Command names what a run is asked to do.
type Command string

// The commands of the deploy workflow.
const (
	// Run runs the pipeline on the commit the event names (push, workflow_run).
	Run Command = "run"
	// Deploy redeploys an image that passed somewhere before (a digest or a commit) to one
	// environment.
	Deploy Command = "deploy"
	// Rollback returns one environment to its previous release, or to the one Ref names.
	Rollback Command = "rollback"
	// Promote gives the canary waiting in one environment all of its traffic.
	Promote Command = "promote"
	// Abort returns all traffic to stable and stops the canary of one environment.
	Abort Command = "abort"
)

// Commands lists every command, in the order help shows them.
var Commands = []Command{Run, Deploy, Rollback, Promote, Abort}

// Inputs are the deploy workflow's workflow_dispatch inputs: what `greenlight deploy`, the
// Slack bot and the Action's own inputs carry. Write them with Map, read them with ParseInputs.
type Inputs struct {
	Command     Command `json:"command"`
	Environment string  `json:"environment,omitempty"`
	// Ref is the digest or commit for deploy, and where to for rollback (default: the previous
	// release).
	Ref string `json:"ref,omitempty"`
	// RequestedBy is the person behind the dispatch (a Slack user, the CLI's user).
	RequestedBy string `json:"requested_by,omitempty"`
	// Thread is the Slack message of the release this command continues, CHANNEL/TS: the
	// run updates that message and replies in its thread instead of starting a new one.
	Thread string `json:"thread,omitempty"`
}

// The patterns bound their lengths in code, not with counted repetitions such as {0,254}: Go's
// regexp compiles a count into that many copies, and these are compiled when every command
// starts (about a millisecond of a `greenlight verify` for the repository pattern alone).
var (
	envName   = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)
	commitRef = regexp.MustCompile(`^[0-9a-f]+$`)
	digestRef = regexp.MustCompile(`^(?:[a-z0-9][a-z0-9._/:-]*@)?sha256:[0-9a-f]+$`)
	threadRef = regexp.MustCompile(`^[CGD][A-Z0-9]+/[0-9]+\.[0-9]+$`)
	// who may be anything printable; it is bounded and stripped of control characters.
)

const (
	maxEnvName  = 63  // an environment's name, at most
	maxRepoName = 255 // the repository before @sha256:
	hexDigest   = 64  // sha256 in hex
)

// ValidRef reports whether ref is a digest (sha256:<64 hex>, optionally REPO@sha256:…) or a
// commit of 7 to 40 lower-case hex digits.
func ValidRef(ref string) bool {
	if n := len(ref); n >= 7 && n <= 40 && commitRef.MatchString(ref) {
		return true
	}
	repo, digest, found := strings.Cut(ref, "@")
	if !found {
		digest, repo = ref, ""
	} else if len(repo) > maxRepoName {
		return false
	}
	return len(digest) == len("sha256:")+hexDigest && digestRef.MatchString(ref)
}

// ValidEnvironment reports whether name can be an environment's name.
func ValidEnvironment(name string) bool { return len(name) <= maxEnvName && envName.MatchString(name) }

// validThread reports whether t is CHANNEL/TS: a channel ID of 3 to 21 characters and a Slack
// timestamp of 9 to 11 digits, a dot and 6 digits.
func validThread(t string) bool {
	ch, ts, ok := strings.Cut(t, "/")
	if !ok || len(ch) < 3 || len(ch) > 21 || !threadRef.MatchString(t) {
		return false
	}
	sec, frac, _ := strings.Cut(ts, ".")
	return len(sec) >= 9 && len(sec) <= 11 && len(frac) == 6
}

// Validate checks the inputs: a known command, an environment for every command but run, a
// digest or 7–40 hex commit where a ref is given (and required for deploy), and a bounded,
// printable requester.
func (in Inputs) Validate() error {
	known := false
	for _, c := range Commands {
		known = known || in.Command == c
	}
	if !known {
		return fmt.Errorf("unknown command %q: the deploy workflow takes %s", in.Command, commandList())
	}
	if in.Command != Run {
		if in.Environment == "" {
			return fmt.Errorf("%s needs an environment (the workflow's environment input)", in.Command)
		}
		if !ValidEnvironment(in.Environment) {
			return fmt.Errorf("environment %q is not a valid name: letters, digits, '.', '_' and '-', at most 63", clip(in.Environment))
		}
	}
	switch {
	case in.Command == Deploy && in.Ref == "":
		return fmt.Errorf("deploy needs a digest (sha256:…) or a commit (7 to 40 hex digits) in the ref input")
	case in.Ref != "" && (in.Command == Run || in.Command == Promote || in.Command == Abort):
		return fmt.Errorf("%s takes no ref (got %q)", in.Command, clip(in.Ref))
	case in.Ref != "" && !ValidRef(in.Ref):
		return fmt.Errorf("ref %q is neither a digest (sha256:<64 hex>) nor a commit (7 to 40 lower-case hex digits)", clip(in.Ref))
	}
	if in.Thread != "" && !validThread(in.Thread) {
		return fmt.Errorf("thread %q is not a Slack message (CHANNEL_ID/TS)", clip(in.Thread))
	}
	if len(in.RequestedBy) > 100 || strings.IndexFunc(in.RequestedBy, func(r rune) bool { return r < ' ' || r == 0x7f }) >= 0 {
		return fmt.Errorf("requested_by must be at most 100 printable characters")
	}
	return nil
}

func commandList() string {
	s := make([]string, len(Commands))
	for i, c := range Commands {
		s[i] = string(c)
	}
	return strings.Join(s, ", ")
}

func clip(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}

// Map is the inputs as the workflow dispatch API takes them (empty values left out).
func (in Inputs) Map() map[string]string {
	m := map[string]string{"command": string(in.Command)}
	if in.Environment != "" {
		m["environment"] = in.Environment
	}
	if in.Ref != "" {
		m["ref"] = in.Ref
	}
	if in.RequestedBy != "" {
		m["requested_by"] = in.RequestedBy
	}
	if in.Thread != "" {
		m["thread"] = in.Thread
	}
	return m
}

// ParseInputs reads and validates a workflow_dispatch event's inputs. An empty command is run;
// an input it does not know is refused, so a misspelt workflow never passes silently.
func ParseInputs(m map[string]string) (Inputs, error) {
	in := Inputs{Command: Command(m["command"]), Environment: m["environment"], Ref: m["ref"], RequestedBy: m["requested_by"], Thread: m["thread"]}
	if in.Command == "" {
		in.Command = Run
	}
	for k := range m {
		switch k {
		case "command", "environment", "ref", "requested_by", "thread":
		default:
			return in, fmt.Errorf("unknown workflow input %q: the deploy workflow takes command, environment, ref, requested_by and thread", clip(k))
		}
	}
	return in, in.Validate()
}

// Request is what one run is: written by `greenlight run` after it decided the event may
// deploy, read by the compiled pipeline (greenlight.Main's --request flag).
type Request struct {
	Version int `json:"version"`
	// Repository is owner/name.
	Repository string `json:"repository,omitempty"`
	// Commit is the commit the run deploys (for a workflow_run, the one CI passed).
	Commit string `json:"commit,omitempty"`
	// Ref is the branch ref the commit was taken from.
	Ref string `json:"ref,omitempty"`
	// Author is the commit's author (a GitHub login) for automatic runs.
	Author string `json:"author,omitempty"`
	// Actor is the account whose action started the run (a GitHub login): who pushed, the
	// actor of the workflow_run, who dispatched the command. It may not approve the release.
	Actor string `json:"actor,omitempty"`
	// Trigger is the event: push, workflow_run, workflow_dispatch, local.
	Trigger string `json:"trigger,omitempty"`
	// RunURL links the workflow run.
	RunURL string `json:"run_url,omitempty"`
	// Inputs is the command and its inputs.
	Inputs Inputs `json:"inputs"`
	// Why says in one line why this run may deploy (the trust decision), for the audit trail.
	Why string `json:"why,omitempty"`
	// Query, when set, asks the pipeline a question instead of running it (a calendar, a
	// policy check): the pipeline answers with one AnswerMessage and deploys nothing. Its
	// shape belongs to the package that answers it (pkg/governance).
	Query json.RawMessage `json:"query,omitempty"`
}

// MaxRequest bounds a request document.
const MaxRequest = 64 << 10

// WriteRequest writes req to path (mode 0600).
func WriteRequest(path string, req Request) error {
	req.Version = Version
	b, err := json.Marshal(req)
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o600)
}

// ReadRequest reads and validates a request document.
func ReadRequest(r io.Reader) (Request, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxRequest+1))
	if err != nil {
		return Request{}, fmt.Errorf("reading the run request: %w", err)
	}
	if len(b) > MaxRequest {
		return Request{}, fmt.Errorf("the run request is over %d bytes", MaxRequest)
	}
	var req Request
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		return Request{}, fmt.Errorf("decoding the run request: %w", err)
	}
	if req.Version != Version {
		return Request{}, fmt.Errorf("run request of protocol version %d; this pipeline speaks %d: rebuild the pipeline with the same greenlight version as the CLI", req.Version, Version)
	}
	if req.Inputs.Command == "" {
		req.Inputs.Command = Run
	}
	if err := req.Inputs.Validate(); err != nil {
		return Request{}, err
	}
	return req, nil
}

// MessageType tells what a Message carries.
type MessageType string

// The message types of the stream.
const (
	// EventMessage carries one event of the run.
	EventMessage MessageType = "event"
	// ReportMessage carries the final report; it is the last message of a run.
	ReportMessage MessageType = "report"
	// AnswerMessage carries the answer to a Request's Query; it is the only message then.
	AnswerMessage MessageType = "answer"
)

// Message is one line of the stream a pipeline writes back.
type Message struct {
	Type MessageType     `json:"type"`
	Data json.RawMessage `json:"data"`
}

// MaxMessage bounds one message of the stream.
const MaxMessage = 16 << 20

// Writer writes the stream. It is safe for concurrent use; write errors are remembered, not
// returned, so a reader that went away never fails the run (Err tells).
type Writer struct {
	mu  sync.Mutex
	w   io.Writer
	err error
}

// NewWriter writes messages to w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

// Send writes one message whose data is v encoded as JSON.
func (w *Writer) Send(t MessageType, v any) {
	b, err := json.Marshal(v)
	if err == nil {
		b, err = json.Marshal(Message{Type: t, Data: b})
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if err == nil && w.err == nil {
		_, err = w.w.Write(append(b, '\n'))
	}
	if err != nil && w.err == nil {
		w.err = err
	}
}

// Err is the first error Send met.
func (w *Writer) Err() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// Reader reads the stream.
type Reader struct {
	sc *bufio.Scanner
}

// NewReader reads messages from r.
func NewReader(r io.Reader) *Reader {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), MaxMessage)
	return &Reader{sc: sc}
}

// ErrNoReport is returned by Next when the stream ended without a report: the pipeline
// crashed or was killed.
var ErrNoReport = errors.New("the pipeline ended without a report")

// Next returns the next message; io.EOF after the report, ErrNoReport when the stream ends
// before one.
func (r *Reader) Next() (Message, error) {
	if !r.sc.Scan() {
		if err := r.sc.Err(); err != nil {
			return Message{}, fmt.Errorf("reading the pipeline's messages: %w", err)
		}
		return Message{}, ErrNoReport
	}
	var m Message
	if err := json.Unmarshal(r.sc.Bytes(), &m); err != nil {
		return Message{}, fmt.Errorf("a malformed message from the pipeline: %w", err)
	}
	if m.Type != EventMessage && m.Type != ReportMessage && m.Type != AnswerMessage {
		return Message{}, fmt.Errorf("a message of unknown type %q from the pipeline", clip(string(m.Type)))
	}
	return m, nil
}

// Decode decodes the message's data into v.
func (m Message) Decode(v any) error { return json.Unmarshal(m.Data, v) }
