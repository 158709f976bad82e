// Package openfeature connects Greenlight's flags to OpenFeature (github.com/open-feature/go-sdk),
// the vendor-neutral flag API services evaluate flags with.
//
//   - Provider is an OpenFeature provider over any flags.Store, such as the flags.File a
//     pipeline's release stages change: a service registers it and evaluates
//     client.Boolean(ctx, "new-checkout", false, openfeature.NewEvaluationContext(userID, nil)).
//   - Verified wraps the flags.Store of a team's own flag service so that every change Greenlight
//     makes is read back through that team's OpenFeature provider: a release step counts only
//     once the flag service really serves the new share.
package openfeature

import (
	"context"
	"fmt"
	"math"
	"time"

	of "github.com/open-feature/go-sdk/openfeature"

	"github.com/greenlight-cd/greenlight/pkg/flags"
)

// Provider evaluates flags kept in a flags.Store. A flag is on for a user when
// flags.Bucket(flag, targetingKey) < its Percent, so users stay in as the share grows.
type Provider struct {
	store flags.Store
}

// New returns a provider over store.
func New(store flags.Store) *Provider { return &Provider{store: store} }

var _ of.FeatureProvider = (*Provider)(nil)

// Metadata implements of.FeatureProvider.
func (p *Provider) Metadata() of.Metadata { return of.Metadata{Name: "greenlight-flags"} }

// Hooks implements of.FeatureProvider.
func (p *Provider) Hooks() []of.Hook { return nil }

func (p *Provider) resolve(ctx context.Context, flag string, flat of.FlattenedContext) (bool, of.ProviderResolutionDetail) {
	key, _ := flat[of.TargetingKey].(string)
	if key == "" {
		return false, of.ProviderResolutionDetail{Reason: of.ErrorReason,
			ResolutionError: of.NewTargetingKeyMissingResolutionError("greenlight flags split users by the targeting key: pass one in the evaluation context")}
	}
	if err := flags.ValidName(flag); err != nil {
		return false, of.ProviderResolutionDetail{Reason: of.ErrorReason, ResolutionError: of.NewFlagNotFoundResolutionError(err.Error())}
	}
	f, err := p.store.Get(ctx, flag)
	if err != nil {
		return false, of.ProviderResolutionDetail{Reason: of.ErrorReason, ResolutionError: of.NewGeneralResolutionError(err.Error())}
	}
	on := f.On(key)
	reason := of.SplitReason
	switch f.Percent {
	case 0:
		reason = of.DisabledReason
	case 100:
		reason = of.StaticReason
	}
	return on, of.ProviderResolutionDetail{Reason: reason, Variant: f.Variant(key),
		FlagMetadata: of.FlagMetadata{"percent": int64(f.Percent)}}
}

// BooleanEvaluation implements of.FeatureProvider: true for the users the flag is on for.
func (p *Provider) BooleanEvaluation(ctx context.Context, flag string, def bool, flat of.FlattenedContext) of.BoolResolutionDetail {
	on, d := p.resolve(ctx, flag, flat)
	if d.ResolutionError != (of.ResolutionError{}) {
		return of.BoolResolutionDetail{Value: def, ProviderResolutionDetail: d}
	}
	return of.BoolResolutionDetail{Value: on, ProviderResolutionDetail: d}
}

// StringEvaluation implements of.FeatureProvider: the variant, "on" or "off".
func (p *Provider) StringEvaluation(ctx context.Context, flag string, def string, flat of.FlattenedContext) of.StringResolutionDetail {
	_, d := p.resolve(ctx, flag, flat)
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
