// Package openfeature connects Greenlight's flags to OpenFeature (github.com/open-feature/go-sdk),
// the vendor-neutral flag API services evaluate flags with.
//
//   - Provider is an OpenFeature provider over a Source, such as the flags.File a pipeline's
//     release stages change: a service registers it and evaluates
//     client.Boolean(ctx, "new-checkout", false, openfeature.NewEvaluationContext(userID, nil)),
//     answered from memory and reloaded when the file changes.
//   - Verified wraps the flags.Store of a team's own flag service so that every change Greenlight
//     makes is read back through that team's OpenFeature provider: a release step counts only
//     once the flag service really serves the new share.
package openfeature

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	of "github.com/open-feature/go-sdk/openfeature"

	"github.com/greenlight-cd/greenlight/pkg/flags"
)

// Source is what a Provider reads flags from: every flag defined at once, and a cheap version
// that changes whenever they may have. flags.File is one (Version: the file's size and
// modification time).
type Source interface {
	// All returns every flag defined.
	All() ([]flags.Flag, error)
	// Version changes whenever All's answer may have changed; the provider polls it.
	Version() (string, error)
}

// Config configures a Provider.
type Config struct {
	// Source is where the flags are defined.
	Source Source
	// Interval is how often the provider checks Source.Version for a change (default 1s).
	Interval time.Duration
	// Logger gets a line when the flags change or cannot be read (default: discarded).
	Logger *slog.Logger
}

// Provider is an OpenFeature provider over a Source, such as the flags.File a pipeline's
// release stages change. It follows the OpenFeature specification
// (https://openfeature.dev/specification):
//
//   - Evaluations are answered from memory: the flags are read once by Init and again only
//     when Source.Version changes (checked every Interval), never per evaluation.
//   - A flag is on for a user when flags.Bucket(flag, targetingKey) < its Percent, so users stay
//     in as the share grows. The targeting key is optional (Evaluation Context 3.1.1): a flag at
//     0 % is off (reason DISABLED) and at 100 % on (STATIC) for everybody, with or without one;
//     only a flag in between needs it to split users (SPLIT), and without one the evaluation
//     gets the caller's default and TARGETING_KEY_MISSING.
//   - A flag the Source does not define is FLAG_NOT_FOUND, with the caller's default (Providers
//     2.2.7): a typo in a flag's name is an error, not a flag that is off.
//   - State and events (Providers 2.4, Events 5): Init makes the provider READY (or fails with
//     the reason, leaving it in ERROR); a change of the flags emits
//     PROVIDER_CONFIGURATION_CHANGED naming the flags that changed; a Source that cannot be read
//     emits PROVIDER_ERROR and the last flags read keep serving; READY again when it can.
//     Shutdown stops the polling.
type Provider struct {
	cfg    Config
	snap   atomic.Pointer[snapshot]
	events chan of.Event

	mu      sync.Mutex
	stop    chan struct{}
	done    chan struct{}
	failing bool
}

// snapshot is the flags as read at one version of the Source; shared, never changed.
type snapshot struct {
	version string
	flags   map[string]entry
}

// entry is one flag as the provider answers it. It carries no flag metadata: the SDK copies a
// provider's FlagMetadata map into every evaluation's details (maps.Clone in
// ProviderResolutionDetail.ResolutionDetail), which cost more than the evaluation itself.
type entry struct {
	percent int
}

// New returns a provider over src with the default Config (checked every second).
func New(src Source) *Provider { return NewProvider(Config{Source: src}) }

// NewProvider returns a provider configured by cfg.
func NewProvider(cfg Config) *Provider {
	if cfg.Interval <= 0 {
		cfg.Interval = time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return &Provider{cfg: cfg, events: make(chan of.Event, 64)}
}

var (
	_ of.FeatureProvider = (*Provider)(nil)
	_ of.StateHandler    = (*Provider)(nil)
	_ of.EventHandler    = (*Provider)(nil)
)

// Metadata implements of.FeatureProvider.
func (p *Provider) Metadata() of.Metadata { return of.Metadata{Name: "greenlight-flags"} }

// Hooks implements of.FeatureProvider.
func (p *Provider) Hooks() []of.Hook { return nil }

// EventChannel implements of.EventHandler.
func (p *Provider) EventChannel() <-chan of.Event { return p.events }

// Init implements of.StateHandler: it reads the flags and starts watching the Source. An
// error (the Source cannot be read) is returned, and the SDK puts the provider in ERROR.
func (p *Provider) Init(of.EvaluationContext) error {
	if p.cfg.Source == nil {
		return errors.New("greenlight flags provider: no Source: pass a flags.File")
	}
	snap, err := p.read()
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stop != nil {
		// Watching already: the poller alone changes the flags and p.failing.
		return err
	}
	if err != nil {
		p.failing = true // the watcher says READY when the Source can be read
	} else {
		p.snap.Store(snap)
	}
	p.stop, p.done = make(chan struct{}), make(chan struct{})
	go p.watch(p.stop, p.done)
	if err != nil {
		return fmt.Errorf("greenlight flags provider: %w", err)
	}
	return nil
}

// Shutdown implements of.StateHandler: it stops watching the Source.
func (p *Provider) Shutdown() {
	p.mu.Lock()
	stop, done := p.stop, p.done
	p.stop, p.done = nil, nil
	p.mu.Unlock()
	if stop != nil {
		close(stop)
		<-done
	}
}

func (p *Provider) read() (*snapshot, error) {
	version, err := p.cfg.Source.Version()
	if err != nil {
		return nil, err
	}
	all, err := p.cfg.Source.All()
	if err != nil {
		return nil, err
	}
	snap := &snapshot{version: version, flags: make(map[string]entry, len(all))}
	for _, f := range all {
		snap.flags[f.Name] = entry{percent: f.Percent}
	}
	return snap, nil
}

func (p *Provider) watch(stop, done chan struct{}) {
	defer close(done)
	t := time.NewTicker(p.cfg.Interval)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
		}
		p.poll()
	}
}

// poll reads the Source again if its version changed, and says what happened.
func (p *Provider) poll() {
	cur := p.snap.Load()
	version, err := p.cfg.Source.Version()
	if err == nil && cur != nil && version == cur.version && !p.failing {
		return
	}
	var next *snapshot
	if err == nil {
		next, err = p.read()
	}
	if err != nil {
		if !p.failing {
			p.failing = true
			p.cfg.Logger.Warn("greenlight flags: reading the flags failed; the last flags read keep serving", "err", err)
			p.emit(of.ProviderError, of.ProviderEventDetails{Message: err.Error() + "; the last flags read keep serving", ErrorCode: of.ParseErrorCode})
		}
		return
	}
	if cur == nil {
		cur = &snapshot{}
	}
	var changed []string
	for name, e := range next.flags {
		if old, ok := cur.flags[name]; !ok || old.percent != e.percent {
			changed = append(changed, name)
		}
	}
	for name := range cur.flags {
		if _, ok := next.flags[name]; !ok {
			changed = append(changed, name)
		}
	}
	sort.Strings(changed)
	p.snap.Store(next)
	if p.failing {
		p.failing = false
		p.emit(of.ProviderReady, of.ProviderEventDetails{Message: "the flags can be read again"})
	}
	if len(changed) > 0 {
		p.cfg.Logger.Info("greenlight flags: changed", "flags", changed)
		p.emit(of.ProviderConfigChange, of.ProviderEventDetails{Message: "flags changed", FlagChanges: changed})
	}
}

func (p *Provider) emit(t of.EventType, d of.ProviderEventDetails) {
	select {
	case p.events <- of.Event{ProviderName: p.Metadata().Name, EventType: t, ProviderEventDetails: d}:
	default:
		p.cfg.Logger.Warn("greenlight flags: event dropped: nobody reads the provider's events", "event", t)
	}
}

func (p *Provider) resolve(flag string, flat of.FlattenedContext) (bool, of.ProviderResolutionDetail) {
	snap := p.snap.Load()
	if snap == nil {
		return false, of.ProviderResolutionDetail{Reason: of.ErrorReason,
			ResolutionError: of.NewProviderNotReadyResolutionError("greenlight flags provider not initialised: register it with openfeature.SetProviderAndWait")}
	}
	e, ok := snap.flags[flag]
	if !ok {
		return false, of.ProviderResolutionDetail{Reason: of.ErrorReason,
			ResolutionError: of.NewFlagNotFoundResolutionError("flag " + flag + " is not defined")}
	}
	switch e.percent {
	case 0:
		return false, of.ProviderResolutionDetail{Reason: of.DisabledReason, Variant: "off"}
	case 100:
		return true, of.ProviderResolutionDetail{Reason: of.StaticReason, Variant: "on"}
	}
	key, _ := flat[of.TargetingKey].(string)
	if key == "" {
		return false, of.ProviderResolutionDetail{Reason: of.ErrorReason,
			ResolutionError: of.NewTargetingKeyMissingResolutionError("flag " + flag + " is on for part of the users, split by the targeting key: pass one in the evaluation context")}
	}
	if flags.Bucket(flag, key) < e.percent {
		return true, of.ProviderResolutionDetail{Reason: of.SplitReason, Variant: "on"}
	}
	return false, of.ProviderResolutionDetail{Reason: of.SplitReason, Variant: "off"}
}

// BooleanEvaluation implements of.FeatureProvider: true for the users the flag is on for.
func (p *Provider) BooleanEvaluation(_ context.Context, flag string, def bool, flat of.FlattenedContext) of.BoolResolutionDetail {
	on, d := p.resolve(flag, flat)
	if d.ResolutionError != (of.ResolutionError{}) {
		return of.BoolResolutionDetail{Value: def, ProviderResolutionDetail: d}
	}
	return of.BoolResolutionDetail{Value: on, ProviderResolutionDetail: d}
}

// StringEvaluation implements of.FeatureProvider: the variant, "on" or "off".
func (p *Provider) StringEvaluation(_ context.Context, flag string, def string, flat of.FlattenedContext) of.StringResolutionDetail {
	_, d := p.resolve(flag, flat)
	if d.ResolutionError != (of.ResolutionError{}) {
		return of.StringResolutionDetail{Value: def, ProviderResolutionDetail: d}
	}
	return of.StringResolutionDetail{Value: d.Variant, ProviderResolutionDetail: d}
}

func mismatch(kind string) of.ProviderResolutionDetail {
	return of.ProviderResolutionDetail{Reason: of.ErrorReason,
		ResolutionError: of.NewTypeMismatchResolutionError("greenlight flags are boolean (or their variant as a string), not " + kind)}
}

// FloatEvaluation implements of.FeatureProvider: a type mismatch.
func (p *Provider) FloatEvaluation(_ context.Context, _ string, def float64, _ of.FlattenedContext) of.FloatResolutionDetail {
	return of.FloatResolutionDetail{Value: def, ProviderResolutionDetail: mismatch("float")}
}

// IntEvaluation implements of.FeatureProvider: a type mismatch.
func (p *Provider) IntEvaluation(_ context.Context, _ string, def int64, _ of.FlattenedContext) of.IntResolutionDetail {
	return of.IntResolutionDetail{Value: def, ProviderResolutionDetail: mismatch("int")}
}

// ObjectEvaluation implements of.FeatureProvider: a type mismatch.
func (p *Provider) ObjectEvaluation(_ context.Context, _ string, def any, _ of.FlattenedContext) of.InterfaceResolutionDetail {
	return of.InterfaceResolutionDetail{Value: def, ProviderResolutionDetail: mismatch("object")}
}

// Observe evaluates flag through client for n synthetic users and returns the share it is on
// for, 0–1: what the flag service really serves.
func Observe(ctx context.Context, client *of.Client, flag string, n int) (float64, error) {
	on := 0
	for i := range n {
		v, err := client.BooleanValue(ctx, flag, false, of.NewEvaluationContext(fmt.Sprintf("greenlight-probe-%d", i), nil))
		if err != nil {
			return 0, fmt.Errorf("evaluating %s through OpenFeature: %w", flag, err)
		}
		if v {
			on++
		}
	}
	return float64(on) / float64(n), nil
}

// Verified is a flags.Store whose every Set is read back through an OpenFeature client until
// the observed share of users matches (within sampling error), or Wait passes.
type Verified struct {
	flags.Store
	Client *of.Client
	// Probes is how many synthetic users are evaluated (default 2000); Wait bounds how long a
	// change may take to reach the flag service's evaluations (default 30s).
	Probes int
	Wait   time.Duration
}

// Set implements flags.Store.
func (v Verified) Set(ctx context.Context, f flags.Flag) error {
	if err := v.Store.Set(ctx, f); err != nil {
		return err
	}
	n, wait := v.Probes, v.Wait
	if n <= 0 {
		n = 2000
	}
	if wait <= 0 {
		wait = 30 * time.Second
	}
	want := float64(f.Percent) / 100
	// Four standard errors of a share measured on n users, plus one point for the bucketing.
	tol := 4*math.Sqrt(want*(1-want)/float64(n)) + 0.01
	deadline := time.Now().Add(wait)
	for {
		got, err := Observe(ctx, v.Client, f.Name, n)
		if err == nil && math.Abs(got-want) <= tol {
			return nil
		}
		if time.Now().After(deadline) {
			if err != nil {
				return fmt.Errorf("flag %s set to %d%%, but reading it back failed: %w", f.Name, f.Percent, err)
			}
			return fmt.Errorf("flag %s set to %d%%, but after %s the flag service serves it to %.1f%% of users: check its OpenFeature provider and the flag's rules", f.Name, f.Percent, wait, 100*got)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}
