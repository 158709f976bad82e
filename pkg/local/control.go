package local

// Control and Remote keep local environments between runs: the run that serves them (the first
// `go -C .greenlight run . --local`, until Ctrl-C) answers on a loopback control address, and a
// later run drives the same environments through it, so that its release is a canary beside
// the version that serves, judged on the router's counts, promoted or rolled back live.

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/analysis"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/oci"
	"github.com/greenlight-cd/greenlight/pkg/runlog"
)

// Control serves targets to the runs of other processes on this machine: each call of
// greenlight.Target and of the metrics, for the environment it names. Only a caller that
// presents its token is answered; it listens on the loopback interface only. An image a run
// starts must carry a signature the Control's verifier accepts: it is verified again here,
// before anything runs.
type Control struct {
	token    string
	targets  map[string]*Target
	verifier oci.Verifier
	log      runlog.Logger
	ln       net.Listener
	srv      *http.Server

	mu       sync.Mutex
	verified map[string]greenlight.SignedImage // by digest
}

// ServeControl serves targets on a free loopback port until Close. verifier checks the images
// other runs start; log gets one line for each change they make.
func ServeControl(verifier oci.Verifier, log runlog.Logger, targets ...*Target) (*Control, error) {
	if verifier == nil {
		return nil, errors.New("local control: no verifier: the images other runs start must be verified")
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	if log == nil {
		log = runlog.Discard
	}
	c := &Control{token: hex.EncodeToString(b), targets: map[string]*Target{}, verifier: verifier, log: log, verified: map[string]greenlight.SignedImage{}}
	for _, t := range targets {
		c.targets[t.name] = t
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("local control: %w", err)
	}
	c.ln = ln
	c.srv = &http.Server{Handler: http.HandlerFunc(c.serve), ReadHeaderTimeout: 10 * time.Second}
	go c.srv.Serve(ln)
	return c, nil
}

// Addr is the control address (127.0.0.1:PORT).
func (c *Control) Addr() string { return c.ln.Addr().String() }

// Token is what a caller presents (Dial). Keep it where only this user reads it.
func (c *Control) Token() string { return c.token }

// Close stops answering; the targets keep running.
func (c *Control) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return c.srv.Shutdown(ctx)
}

// wireRev is a Revision on the wire: its image as a reference.
type wireRev struct {
	ID      string    `json:"id"`
	Image   string    `json:"image"`
	URL     string    `json:"url,omitempty"`
	Started time.Time `json:"started"`
}

func toWire(r *greenlight.Revision) *wireRev {
	if r == nil {
		return nil
	}
	return &wireRev{ID: r.ID, Image: r.Image.String(), URL: r.URL, Started: r.Started}
}

func fromWire(w *wireRev) (*greenlight.Revision, error) {
	if w == nil {
		return nil, nil
	}
	r := &greenlight.Revision{ID: w.ID, URL: w.URL, Started: w.Started}
	if w.Image != "" {
		img, err := oci.ParseImage(w.Image)
		if err != nil {
			return nil, err
		}
		r.Image = img
	}
	return r, nil
}

type wireState struct {
	Stable, Canary, Previous *wireRev
	CanaryWeight             int
	PreviousWarm             bool
}

// call is one request: the environment, the method and its arguments.
type call struct {
	Env     string    `json:"env"`
	Method  string    `json:"method"`
	Image   string    `json:"image,omitempty"`
	Rev     *wireRev  `json:"rev,omitempty"`
	Percent int       `json:"percent,omitempty"`
	Since   time.Time `json:"since"`
}

// reply is one answer: an error, or the result of the method.
type reply struct {
	Error     string              `json:"error,omitempty"`
	State     *wireState          `json:"state,omitempty"`
	Rev       *wireRev            `json:"rev,omitempty"`
	Weight    int                 `json:"weight,omitempty"`
	Sample    *analysis.Sample    `json:"sample,omitempty"`
	Histogram *analysis.Histogram `json:"histogram,omitempty"`
}

func (c *Control) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != "/call" {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	got := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	if subtle.ConstantTimeCompare([]byte(got), []byte(c.token)) != 1 {
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	var in call
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&in); err != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	out, err := c.do(r.Context(), in)
	if err != nil {
		out = reply{Error: err.Error()}
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(out)
}

func (c *Control) do(ctx context.Context, in call) (reply, error) {
	t := c.targets[in.Env]
	if t == nil {
		return reply{}, fmt.Errorf("no environment %q here", in.Env)
	}
	var rev greenlight.Revision
	if in.Rev != nil {
		r, err := fromWire(in.Rev)
		if err != nil {
			return reply{}, err
		}
		rev = *r
	}
	switch in.Method {
	case "state":
		st, err := t.State(ctx)
		if err != nil {
			return reply{}, err
		}
		return reply{State: &wireState{Stable: toWire(st.Stable), Canary: toWire(st.Canary), Previous: toWire(st.Previous),
			CanaryWeight: st.CanaryWeight, PreviousWarm: st.PreviousWarm}}, nil
	case "start":
		img, err := c.verify(ctx, in.Image)
		if err != nil {
			return reply{}, err
		}
		c.log.Logf("%s: another run starts %s", in.Env, img.Image().Short())
		r, err := t.Start(ctx, img)
		return reply{Rev: toWire(&r)}, err
	case "weight":
		c.log.Logf("%s: another run sets the canary %s to %d%%", in.Env, rev.ID, in.Percent)
		n, err := t.SetCanaryWeight(ctx, rev, in.Percent)
		return reply{Weight: n}, err
	case "promote":
		c.log.Logf("%s: another run promotes %s", in.Env, rev.ID)
		return reply{}, t.Promote(ctx, rev)
	case "abort":
		c.log.Logf("%s: another run aborts %s", in.Env, rev.ID)
		return reply{}, t.Abort(ctx, rev)
	case "rollback":
		r, err := t.Rollback(ctx)
		if err == nil {
			c.log.Logf("%s: another run rolled back to %s", in.Env, r.ID)
		}
		return reply{Rev: toWire(&r)}, err
	case "sample":
		s, err := t.Sample(ctx, rev, in.Since)
		return reply{Sample: &s}, err
	case "histogram":
		h, err := t.Histogram(ctx, rev, in.Since)
		return reply{Histogram: &h}, err
	}
	return reply{}, fmt.Errorf("unknown method %q", in.Method)
}

// verify checks the signature of the image another run starts, once per digest.
func (c *Control) verify(ctx context.Context, ref string) (greenlight.SignedImage, error) {
	img, err := oci.ParseImage(ref)
	if err != nil {
		return greenlight.SignedImage{}, err
	}
	c.mu.Lock()
	s, ok := c.verified[img.Digest()]
	c.mu.Unlock()
	if ok {
		return s, nil
	}
	var out greenlight.SignedImage
	rep, err := greenlight.Run(ctx, func(p *greenlight.P) { out = p.Verify(img, c.verifier) }, greenlight.WithName("local control"))
	if err != nil {
		why := err.Error()
		if rep != nil && rep.Error != "" {
			why = rep.Error
		}
		return greenlight.SignedImage{}, fmt.Errorf("the serving run did not start %s: its signature does not verify with this run's key: %s", img.Short(), why)
	}
	c.mu.Lock()
	c.verified[img.Digest()] = out
	c.mu.Unlock()
	return out, nil
}

// Remote is an environment another process serves (ServeControl), driven from this one. It
// implements greenlight.Target and greenlight.HistogramMetrics.
type Remote struct {
	addr, token, env string
	client           *http.Client
}

var _ greenlight.Target = (*Remote)(nil)
var _ greenlight.HistogramMetrics = (*Remote)(nil)

// Dial returns environment env of the Control at addr that token opens. Every call is bounded
// (5 minutes: a start waits for health) and ends with its context.
func Dial(addr, token, env string) *Remote {
	return &Remote{addr: addr, token: token, env: env, client: &http.Client{Timeout: 5 * time.Minute}}
}

// Ping says whether the Control answers (within two seconds).
func (r *Remote) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	_, err := r.State(ctx)
	return err
}

func (r *Remote) call(ctx context.Context, in call) (reply, error) {
	in.Env = r.env
	b, _ := json.Marshal(in)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+r.addr+"/call", bytes.NewReader(b))
	if err != nil {
		return reply{}, err
	}
	req.Header.Set("Authorization", "Bearer "+r.token)
	resp, err := r.client.Do(req)
	if err != nil {
		return reply{}, fmt.Errorf("the run serving %s does not answer: %w", r.env, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return reply{}, fmt.Errorf("the run serving %s answered %s", r.env, resp.Status)
	}
	var out reply
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&out); err != nil {
		return reply{}, fmt.Errorf("the run serving %s: %w", r.env, err)
	}
	if out.Error != "" {
		return out, errors.New(out.Error)
	}
	return out, nil
}

func revOf(w *wireRev) greenlight.Revision {
	r, err := fromWire(w)
	if err != nil || r == nil {
		return greenlight.Revision{}
	}
	return *r
}

// State implements greenlight.Target.
func (r *Remote) State(ctx context.Context) (greenlight.State, error) {
	out, err := r.call(ctx, call{Method: "state"})
	if err != nil {
		return greenlight.State{}, err
	}
	if out.State == nil {
		return greenlight.State{}, fmt.Errorf("the run serving %s sent no state", r.env)
	}
	var st greenlight.State
	for _, p := range []struct {
		dst **greenlight.Revision
		w   *wireRev
	}{{&st.Stable, out.State.Stable}, {&st.Canary, out.State.Canary}, {&st.Previous, out.State.Previous}} {
		rev, err := fromWire(p.w)
		if err != nil {
			return greenlight.State{}, err
		}
		*p.dst = rev
	}
	st.CanaryWeight, st.PreviousWarm = out.State.CanaryWeight, out.State.PreviousWarm
	return st, nil
}

// Start implements greenlight.Target: the serving run verifies img's signature and starts it.
func (r *Remote) Start(ctx context.Context, img greenlight.SignedImage) (greenlight.Revision, error) {
	out, err := r.call(ctx, call{Method: "start", Image: img.Image().String()})
	return revOf(out.Rev), err
}

// SetCanaryWeight implements greenlight.Target.
func (r *Remote) SetCanaryWeight(ctx context.Context, rev greenlight.Revision, percent int) (int, error) {
	out, err := r.call(ctx, call{Method: "weight", Rev: toWire(&rev), Percent: percent})
	return out.Weight, err
}

// Promote implements greenlight.Target.
func (r *Remote) Promote(ctx context.Context, rev greenlight.Revision) error {
	_, err := r.call(ctx, call{Method: "promote", Rev: toWire(&rev)})
	return err
}

// Abort implements greenlight.Target.
func (r *Remote) Abort(ctx context.Context, rev greenlight.Revision) error {
	_, err := r.call(ctx, call{Method: "abort", Rev: toWire(&rev)})
	return err
}

// Rollback implements greenlight.Target.
func (r *Remote) Rollback(ctx context.Context) (greenlight.Revision, error) {
	out, err := r.call(ctx, call{Method: "rollback"})
	return revOf(out.Rev), err
}

// Preflight implements greenlight.Metrics: the serving run's router counts every request.
func (r *Remote) Preflight(ctx context.Context, stable greenlight.Revision) error { return nil }

// Sample implements greenlight.Metrics from the serving run's router.
func (r *Remote) Sample(ctx context.Context, rev greenlight.Revision, since time.Time) (analysis.Sample, error) {
	out, err := r.call(ctx, call{Method: "sample", Rev: toWire(&rev), Since: since})
	if err != nil || out.Sample == nil {
		return analysis.Sample{}, errors.Join(err, errNoAnswer(out.Sample == nil && err == nil))
	}
	return *out.Sample, nil
}

// Histogram implements greenlight.HistogramMetrics from the serving run's router.
func (r *Remote) Histogram(ctx context.Context, rev greenlight.Revision, since time.Time) (analysis.Histogram, error) {
	out, err := r.call(ctx, call{Method: "histogram", Rev: toWire(&rev), Since: since})
	if err != nil || out.Histogram == nil {
		return analysis.Histogram{}, errors.Join(err, errNoAnswer(out.Histogram == nil && err == nil))
	}
	return *out.Histogram, nil
}

func errNoAnswer(missing bool) error {
	if missing {
		return errors.New("the serving run sent no answer")
	}
	return nil
}
