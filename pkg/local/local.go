// Package local is Greenlight's embedded target: it runs a service's image as processes on this
// machine, behind Greenlight's own weighted router, with no accounts and no containers.
//
// It pulls the image by digest, unpacks its filesystem, and runs its entrypoint from there (no
// chroot: the binary must be static, as Go builds with CGO off are) with PORT set to a free
// loopback port (and the variables of WithPortEnv, or the arguments of WithArgs, for a service
// that reads its port elsewhere). A revision gets traffic only once GET on its health path
// answers 200. The service's environment is the image's, the port, Greenlight's own
// GREENLIGHT_* and WithEnv's allow-list: nothing else of the pipeline's environment, and never
// a secret. KO_DATA_PATH, the directory of the files an image carries beside its binary (ko's
// kodata convention, which build.Go follows), points into the unpacked filesystem.
package local

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"text/template"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/remote"

	"github.com/greenlight-cd/greenlight/internal/regerr"
	"github.com/greenlight-cd/greenlight/pkg/analysis"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/local/router"
	"github.com/greenlight-cd/greenlight/pkg/secrets"
)

// Option configures a Target.
type Option func(*Target)

// WithAddr sets the router's listen address (default 127.0.0.1:0, a free port).
func WithAddr(addr string) Option { return func(t *Target) { t.addr = addr } }

// WithWorkDir sets where images are unpacked and logs written (default: a temporary directory
// removed by Close).
func WithWorkDir(dir string) Option { return func(t *Target) { t.workDir = dir } }

// WithHealth sets the health path (default /healthz) and how long a new revision may take to
// answer 200 there (default 30s).
func WithHealth(path string, timeout time.Duration) Option {
	return func(t *Target) { t.healthPath, t.healthTimeout = path, timeout }
}

// WithKeepWarm sets how long the previous stable revision keeps running after a promotion, for
// instant rollback (default 10 minutes; 0 keeps it until the next promotion).
func WithKeepWarm(d time.Duration) Option { return func(t *Target) { t.keepWarm = d } }

// WithEnv is the allow-list of the service's environment in this environment, beside what the
// target sets itself (PORT, GREENLIGHT_ENV, GREENLIGHT_REVISION, GREENLIGHT_IMAGE) and the
// image's own variables: each entry is NAME=VALUE, set as given, or a bare NAME, which passes
// that variable from the pipeline's environment when it is set there (read when a revision
// starts). A bare NAME that holds a secret (secrets.IsSecretName, or listed in
// GREENLIGHT_SECRET_NAMES, or handed over by greenlight run) never passes: New refuses it. Nothing
// else of the pipeline's environment reaches the service. Later entries win; calls add up.
func WithEnv(vars ...string) Option {
	return func(t *Target) { t.env = append(t.env, vars...) }
}

// WithPortEnv names more variables that hold the revision's port, for a service that does not
// read $PORT (such as podinfo's PODINFO_PORT). PORT is always set.
func WithPortEnv(names ...string) Option {
	return func(t *Target) { t.portEnv = append(t.portEnv, names...) }
}

// WithArgs appends arguments to the image's entrypoint and arguments, each a text/template
// with the revision's port as {{.Port}}, for a service that takes its port as a flag:
// WithArgs("--port={{.Port}}").
func WithArgs(args ...string) Option {
	return func(t *Target) { t.args = append(t.args, args...) }
}

// WithDrainTimeout bounds how long a retiring revision's in-flight requests may take (default 30s).
func WithDrainTimeout(d time.Duration) Option { return func(t *Target) { t.drainTimeout = d } }

// WithRemoteOptions adds go-containerregistry options for pulling (auth, transport).
func WithRemoteOptions(opts ...remote.Option) Option {
	return func(t *Target) { t.remote = append(t.remote, opts...) }
}

// Target runs one environment. It implements greenlight.Target and greenlight.Metrics.
type Target struct {
	name          string
	addr          string
	workDir       string
	ownWorkDir    bool
	healthPath    string
	healthTimeout time.Duration
	keepWarm      time.Duration
	drainTimeout  time.Duration
	env           []string
	portEnv       []string
	args          []string
	argTmpls      []*template.Template
	remote        []remote.Option
	limits        Limits

	router *router.Router
	srv    *http.Server
	ln     net.Listener

	mu           sync.Mutex
	stable       *instance
	canary       *instance
	canaryWeight int
	previous     *instance
	pending      map[string]*instance
	warmTimer    *time.Timer
	closed       bool
	bg           sync.WaitGroup
}

var _ greenlight.Target = (*Target)(nil)
var _ greenlight.Metrics = (*Target)(nil)

// New starts the router of environment env and returns its target.
func New(env string, opts ...Option) (*Target, error) {
	t := &Target{name: env, addr: "127.0.0.1:0", healthPath: "/healthz", healthTimeout: 30 * time.Second,
		keepWarm: 10 * time.Minute, drainTimeout: 30 * time.Second, pending: map[string]*instance{},
		limits: DefaultLimits()}
	for _, o := range opts {
		o(t)
	}
	if err := t.checkOptions(); err != nil {
		return nil, fmt.Errorf("local target %s: %w", env, err)
	}
	if t.workDir == "" {
		d, err := os.MkdirTemp("", "greenlight-"+env+"-*")
		if err != nil {
			return nil, err
		}
		t.workDir, t.ownWorkDir = d, true
	}
	fail := func(err error) (*Target, error) {
		if t.ownWorkDir {
			os.RemoveAll(t.workDir) // a failed start leaves nothing behind
		}
		return nil, err
	}
	if err := os.MkdirAll(filepath.Join(t.workDir, "logs"), 0o755); err != nil {
		return fail(err)
	}
	ln, err := net.Listen("tcp", t.addr)
	if err != nil {
		return fail(fmt.Errorf("local target %s: listening on %s: %w (is the port in use?)", env, t.addr, err))
	}
	t.ln = ln
	t.router = router.New()
	t.srv = &http.Server{Handler: t.router, ReadHeaderTimeout: 10 * time.Second}
	go t.srv.Serve(ln)
	return t, nil
}

// checkOptions parses WithArgs' templates and refuses a secret in WithEnv's allow-list.
func (t *Target) checkOptions() error {
	for _, a := range t.args {
		tm, err := template.New("arg").Option("missingkey=error").Parse(a)
		if err == nil {
			err = tm.Execute(io.Discard, argData{Port: 1})
		}
		if err != nil {
			return fmt.Errorf("WithArgs %q: %v (the one field is {{.Port}})", a, err)
		}
		t.argTmpls = append(t.argTmpls, tm)
	}
	_, secret := secrets.Split(os.Environ())
	for _, e := range t.env {
		name, _, hasValue := strings.Cut(e, "=")
		if name == "" {
			return fmt.Errorf("WithEnv %q: want NAME=VALUE or NAME", e)
		}
		if !hasValue && (secrets.IsSecretName(name) || secret[name] != "") {
			return fmt.Errorf("WithEnv %q: %s holds a secret, and no secret of the pipeline reaches the service; give the service a value of its own (%s=VALUE)", name, name, name)
		}
	}
	for _, n := range t.portEnv {
		if n == "" || strings.Contains(n, "=") {
			return fmt.Errorf("WithPortEnv %q: want a variable's name, such as PODINFO_PORT", n)
		}
	}
	return nil
}

// argData is what WithArgs' templates see.
type argData struct{ Port int }

// serviceEnv is the service's environment for a revision on port: the image's variables (with
// KO_DATA_PATH under the unpacked filesystem), the port, Greenlight's own, then WithEnv's list.
func (t *Target) serviceEnv(rootfs string, cfgEnv []string, port int, id string, img oci.Image) []string {
	env := make([]string, 0, len(cfgEnv)+8)
	for _, kv := range cfgEnv {
		if v, ok := strings.CutPrefix(kv, "KO_DATA_PATH="); ok && filepath.IsAbs(v) {
			// The image's data directory, where this target unpacked it (no chroot).
			kv = "KO_DATA_PATH=" + filepath.Join(rootfs, v)
		}
		env = append(env, kv)
	}
	p := strconv.Itoa(port)
	env = append(env, "PORT="+p)
	for _, n := range t.portEnv {
		env = append(env, n+"="+p)
	}
	env = append(env, "GREENLIGHT_ENV="+t.name, "GREENLIGHT_REVISION="+id, "GREENLIGHT_IMAGE="+img.String())
	_, secret := secrets.Split(os.Environ())
	for _, e := range t.env {
		if strings.Contains(e, "=") {
			env = append(env, e)
		} else if v, ok := os.LookupEnv(e); ok && !secrets.IsSecretName(e) && secret[e] == "" {
			env = append(env, e+"="+v)
		}
	}
	return env
}

// serviceArgs is WithArgs' arguments for a revision on port.
func (t *Target) serviceArgs(port int) ([]string, error) {
	var out []string
	for _, tm := range t.argTmpls {
		var b strings.Builder
		if err := tm.Execute(&b, argData{Port: port}); err != nil {
			return nil, err
		}
		out = append(out, b.String())
	}
	return out, nil
}

// URL is where the environment's traffic goes: the router.
func (t *Target) URL() string { return "http://" + t.ln.Addr().String() }

// Router exposes the router (weights, metrics) for inspection.
func (t *Target) Router() *router.Router { return t.router }

// Name is the environment's name.
func (t *Target) Name() string { return t.name }

type instance struct {
	rev     greenlight.Revision
	img     greenlight.SignedImage
	cmd     *exec.Cmd
	port    int
	logPath string
	exited  chan struct{}
	waitErr error
	running atomic.Bool
}

// State implements greenlight.Target.
func (t *Target) State(ctx context.Context) (greenlight.State, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	var st greenlight.State
	if t.stable != nil {
		r := t.stable.rev
		st.Stable = &r
	}
	if t.canary != nil {
		r := t.canary.rev
		st.Canary, st.CanaryWeight = &r, t.canaryWeight
	}
	if t.previous != nil {
		r := t.previous.rev
		st.Previous, st.PreviousWarm = &r, t.previous.running.Load()
	}
	return st, nil
}

func revID(img oci.Image) string { return img.Short() }

// Start implements greenlight.Target: pull, unpack, run, wait for health. No traffic yet.
func (t *Target) Start(ctx context.Context, img greenlight.SignedImage) (greenlight.Revision, error) {
	id := revID(img.Image())
	t.mu.Lock()
	if t.closed {
		t.mu.Unlock()
		return greenlight.Revision{}, errors.New("local target is closed")
	}
	if t.stable != nil && t.stable.rev.ID == id {
		t.mu.Unlock()
		return greenlight.Revision{}, fmt.Errorf("%s already runs as the stable revision of %s", id, t.name)
	}
	if p := t.previous; p != nil && p.rev.ID == id && p.running.Load() {
		// The previous stable is still warm: reuse it instead of starting it again.
		t.previous = nil
		t.stopWarmTimer()
		t.pending[id] = p
		t.mu.Unlock()
		return p.rev, nil
	}
	if p, ok := t.pending[id]; ok {
		t.mu.Unlock()
		return p.rev, nil
	}
	var dead *instance
	if p := t.previous; p != nil && p.rev.ID == id {
		// The previous stable's process has exited: start it again, below.
		dead, t.previous = p, nil
		t.stopWarmTimer()
	}
	t.mu.Unlock()
	if dead != nil {
		t.retire(dead)
	}

	inst, err := t.launch(ctx, img)
	if err != nil {
		return greenlight.Revision{}, err
	}
	if err := t.router.Add(id, inst.rev.URL); err != nil {
		t.stop(inst)
		return greenlight.Revision{}, err
	}
	t.mu.Lock()
	t.pending[id] = inst
	t.mu.Unlock()
	return inst.rev, nil
}

func (t *Target) launch(ctx context.Context, img greenlight.SignedImage) (*instance, error) {
	id := revID(img.Image())
	rootfs, cfgEnv, argv, workDir, err := t.prepare(ctx, img.Image())
	if err != nil {
		return nil, err
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	logPath := filepath.Join(t.workDir, "logs", fmt.Sprintf("%s-%s.log", id, time.Now().Format("150405.000")))
	logf, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	exe := argv[0]
	if !filepath.IsAbs(exe) {
		exe = lookPath(rootfs, exe, cfgEnv)
	} else {
		exe = filepath.Join(rootfs, exe)
	}
	if fi, err := os.Stat(exe); err != nil || fi.IsDir() || fi.Mode()&0o111 == 0 {
		logf.Close()
		return nil, fmt.Errorf("image %s: entrypoint %s is not an executable file in the image", img.Image().Short(), argv[0])
	}
	extra, err := t.serviceArgs(port)
	if err != nil {
		logf.Close()
		return nil, err
	}
	cmd := exec.Command(exe, append(argv[1:len(argv):len(argv)], extra...)...)
	cmd.Dir = filepath.Join(rootfs, workDir)
	cmd.Env = t.serviceEnv(rootfs, cfgEnv, port, id, img.Image())
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = serviceProcAttr()
	if err := cmd.Start(); err != nil {
		logf.Close()
		return nil, fmt.Errorf("starting %s: %w", argv[0], err)
	}
	inst := &instance{img: img, cmd: cmd, port: port, logPath: logPath, exited: make(chan struct{}),
		rev: greenlight.Revision{ID: id, Image: img.Image(), URL: fmt.Sprintf("http://127.0.0.1:%d", port)}}
	inst.running.Store(true)
	go func() {
		inst.waitErr = cmd.Wait()
		logf.Close()
		// A process that exits on its own is no longer warm: Start and Rollback start its
		// revision again, health-checked, rather than route to a dead port.
		inst.running.Store(false)
		close(inst.exited)
	}()
	if err := t.waitHealthy(ctx, inst); err != nil {
		t.stop(inst)
		return nil, err
	}
	inst.rev.Started = time.Now()
	return inst, nil
}

// prepare pulls img by digest and unpacks it once per digest.
func (t *Target) prepare(ctx context.Context, img oci.Image) (rootfs string, env, argv []string, workDir string, err error) {
	ref, err := name.NewDigest(img.String())
	if err != nil {
		return "", nil, nil, "", fmt.Errorf("invalid image reference %s: %w", img, err)
	}
	opts := append([]remote.Option{remote.WithContext(ctx), remote.WithAuthFromKeychain(authn.DefaultKeychain)}, t.remote...)
	ri, err := remote.Image(ref, opts...)
	if err != nil {
		return "", nil, nil, "", regerr.Explain("pulling", img.String(), err)
	}
	cf, err := ri.ConfigFile()
	if err != nil {
		return "", nil, nil, "", regerr.Explain("reading the config of", img.String(), err)
	}
	if cf.OS != "" && (cf.OS != runtime.GOOS || (cf.Architecture != "" && cf.Architecture != runtime.GOARCH)) {
		return "", nil, nil, "", fmt.Errorf("image %s is built for %s/%s but this machine is %s/%s: build it with Platform %s/%s",
			img.Short(), cf.OS, cf.Architecture, runtime.GOOS, runtime.GOARCH, runtime.GOOS, runtime.GOARCH)
	}
	argv = append(append([]string{}, cf.Config.Entrypoint...), cf.Config.Cmd...)
	if len(argv) == 0 {
		return "", nil, nil, "", fmt.Errorf("image %s has neither entrypoint nor cmd: nothing to run", img.Short())
	}
	rootfs, err = t.cachedRootfs(ctx, ri, img.Digest())
	if err != nil {
		return "", nil, nil, "", regerr.Explain("unpacking", img.String(), err)
	}
	return rootfs, cf.Config.Env, argv, cf.Config.WorkingDir, nil
}

func lookPath(rootfs, file string, env []string) string {
	path := "/usr/local/bin:/usr/bin:/bin"
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "PATH="); ok {
			path = v
		}
	}
	for _, dir := range filepath.SplitList(path) {
		p := filepath.Join(rootfs, dir, file)
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p
		}
	}
	return filepath.Join(rootfs, file)
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

func (t *Target) waitHealthy(ctx context.Context, inst *instance) error {
	deadline := time.Now().Add(t.healthTimeout)
	client := &http.Client{Timeout: time.Second}
	url := inst.rev.URL + t.healthPath
	var last string
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		resp, err := client.Do(req)
		if err == nil {
			io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			last = fmt.Sprintf("GET %s answered %d", t.healthPath, resp.StatusCode)
		} else {
			last = "not answering: " + err.Error()
		}
		select {
		case <-inst.exited:
			return fmt.Errorf("revision %s exited before becoming healthy (%v); its log ends with:\n%s",
				inst.rev.ID, inst.waitErr, logTail(inst.logPath, 15))
		case <-ctx.Done():
			return fmt.Errorf("revision %s: cancelled while waiting for health: %w", inst.rev.ID, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("revision %s did not become healthy within %s (%s); nothing was switched. Check that it listens on $PORT and answers 200 on %s; its log ends with:\n%s",
				inst.rev.ID, t.healthTimeout, last, t.healthPath, logTail(inst.logPath, 15))
		}
	}
}

func logTail(path string, n int) string {
	b, err := os.ReadFile(path)
	if err != nil || len(b) == 0 {
		return "  (empty)"
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return "  " + strings.Join(lines, "\n  ")
}

// stop terminates the instance's process group: SIGTERM, then SIGKILL after 10s.
func (t *Target) stop(inst *instance) {
	if inst == nil || inst.cmd == nil || inst.cmd.Process == nil {
		return
	}
	select {
	case <-inst.exited: // gone already; its pid may belong to another process by now
		inst.running.Store(false)
		return
	default:
	}
	pgid := inst.cmd.Process.Pid
	syscall.Kill(-pgid, syscall.SIGTERM)
	select {
	case <-inst.exited:
	case <-time.After(10 * time.Second):
		syscall.Kill(-pgid, syscall.SIGKILL)
		<-inst.exited
	}
	inst.running.Store(false)
}

// retire drains the instance in the router and stops its process.
func (t *Target) retire(inst *instance) error {
	if inst == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), t.drainTimeout)
	defer cancel()
	err := t.router.Remove(ctx, inst.rev.ID)
	t.stop(inst)
	return err
}

func (t *Target) find(id string) *instance {
	if t.canary != nil && t.canary.rev.ID == id {
		return t.canary
	}
	if p, ok := t.pending[id]; ok {
		return p
	}
	if t.stable != nil && t.stable.rev.ID == id {
		return t.stable
	}
	return nil
}

// SetCanaryWeight implements greenlight.Target. It returns the canary's share in the router's
// new split.
func (t *Target) SetCanaryWeight(ctx context.Context, rev greenlight.Revision, percent int) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	inst := t.find(rev.ID)
	if inst == nil {
		return 0, fmt.Errorf("revision %s is not running in %s", rev.ID, t.name)
	}
	if t.stable == nil || inst == t.stable {
		return 0, fmt.Errorf("a canary needs a stable revision beside it in %s", t.name)
	}
	if percent < 0 || percent > 99 {
		return 0, fmt.Errorf("canary weight %d%%: must be 0–99; use Promote for 100%%", percent)
	}
	if err := t.router.SetWeights(map[string]int{rev.ID: percent, t.stable.rev.ID: 100 - percent}); err != nil {
		return 0, err
	}
	delete(t.pending, rev.ID)
	t.canary, t.canaryWeight = inst, t.router.Weights()[rev.ID]
	return t.canaryWeight, nil
}

// Promote implements greenlight.Target.
func (t *Target) Promote(ctx context.Context, rev greenlight.Revision) error {
	t.mu.Lock()
	inst := t.find(rev.ID)
	if inst == nil {
		t.mu.Unlock()
		return fmt.Errorf("revision %s is not running in %s", rev.ID, t.name)
	}
	if inst == t.stable {
		t.mu.Unlock()
		return nil
	}
	if err := t.router.SetWeights(map[string]int{rev.ID: 100}); err != nil {
		t.mu.Unlock()
		return err
	}
	delete(t.pending, rev.ID)
	if t.canary == inst {
		t.canary, t.canaryWeight = nil, 0
	}
	old, oldPrev := t.stable, t.previous
	t.stable, t.previous = inst, old
	t.stopWarmTimer()
	if old != nil && t.keepWarm > 0 {
		t.warmTimer = time.AfterFunc(t.keepWarm, func() { t.coolDown(old) })
	}
	t.mu.Unlock()
	if oldPrev != nil && oldPrev.running.Load() {
		return t.retire(oldPrev)
	}
	return nil
}

func (t *Target) stopWarmTimer() {
	if t.warmTimer != nil {
		t.warmTimer.Stop()
		t.warmTimer = nil
	}
}

// coolDown stops the previous revision once its warm window is over; it stays the rollback
// target, started again on demand.
func (t *Target) coolDown(inst *instance) {
	t.mu.Lock()
	if t.previous != inst {
		t.mu.Unlock()
		return
	}
	t.bg.Add(1)
	t.mu.Unlock()
	defer t.bg.Done()
	t.retire(inst)
}

// Abort implements greenlight.Target.
func (t *Target) Abort(ctx context.Context, rev greenlight.Revision) error {
	t.mu.Lock()
	inst := t.find(rev.ID)
	if inst == nil {
		t.mu.Unlock()
		return nil // already gone
	}
	if inst == t.stable {
		t.mu.Unlock()
		return fmt.Errorf("%s is the stable revision of %s; use Rollback to replace it", rev.ID, t.name)
	}
	if t.stable != nil {
		if err := t.router.SetWeights(map[string]int{t.stable.rev.ID: 100}); err != nil {
			t.mu.Unlock()
			return err
		}
	}
	delete(t.pending, rev.ID)
	if t.canary == inst {
		t.canary, t.canaryWeight = nil, 0
	}
	t.mu.Unlock()
	return t.retire(inst)
}

// Rollback implements greenlight.Target.
func (t *Target) Rollback(ctx context.Context) (greenlight.Revision, error) {
	t.mu.Lock()
	prev := t.previous
	if prev == nil {
		t.mu.Unlock()
		return greenlight.Revision{}, fmt.Errorf("no previous revision in %s to roll back to", t.name)
	}
	t.stopWarmTimer()
	t.mu.Unlock()
	if !prev.running.Load() {
		// Cold (or its process exited): start it again from its (cached) image, then switch.
		t.retire(prev) // its route, if it still has one
		inst, err := t.launch(ctx, prev.img)
		if err != nil {
			return greenlight.Revision{}, fmt.Errorf("restarting %s: %w", prev.rev.ID, err)
		}
		if err := t.router.Add(inst.rev.ID, inst.rev.URL); err != nil {
			t.stop(inst)
			return greenlight.Revision{}, err
		}
		prev = inst
	}
	t.mu.Lock()
	if err := t.router.SetWeights(map[string]int{prev.rev.ID: 100}); err != nil {
		t.mu.Unlock()
		return greenlight.Revision{}, err
	}
	bad, canary := t.stable, t.canary
	t.stable, t.previous, t.canary, t.canaryWeight = prev, nil, nil, 0
	t.mu.Unlock()
	for _, inst := range []*instance{canary, bad} {
		if inst != nil {
			t.retire(inst)
		}
	}
	return prev.rev, nil
}

// Preflight implements greenlight.Metrics: the router counts every request it routes, per
// revision and status, so there is no contract to check.
func (t *Target) Preflight(ctx context.Context, stable greenlight.Revision) error { return nil }

// Sample implements greenlight.Metrics from the router's counters.
func (t *Target) Sample(ctx context.Context, rev greenlight.Revision, since time.Time) (analysis.Sample, error) {
	w, err := t.router.Sample(rev.ID, since)
	if err != nil {
		return analysis.Sample{}, err
	}
	return analysis.Sample{Requests: w.Requests, Errors: w.Errors, P50: w.P50, P99: w.P99}, nil
}

// Close stops every revision and the router.
func (t *Target) Close() error {
	t.mu.Lock()
	if t.closed {
		t.mu.Unlock()
		return nil
	}
	t.closed = true
	t.stopWarmTimer()
	all := []*instance{t.stable, t.canary, t.previous}
	for _, p := range t.pending {
		all = append(all, p)
	}
	t.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	t.srv.Shutdown(ctx)
	for _, inst := range all {
		if inst != nil && inst.running.Load() {
			t.stop(inst)
		}
	}
	t.bg.Wait()
	t.router.Close()
	if t.ownWorkDir {
		os.RemoveAll(t.workDir)
	}
	return nil
}
