package greenlight_test

import (
	"testing"

	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/greenlight/greenlighttest"
)

// The targets the engine's tests and examples run on behave as real targets do.
func TestFakeTargetsConform(t *testing.T) {
	t.Run("fakeTarget", func(t *testing.T) {
		greenlighttest.Target(t, func(*testing.T) (greenlight.Target, func(*testing.T) greenlight.Target) {
			return greenlight.NewFakeTarget(), nil
		})
	})
	t.Run("memTarget", func(t *testing.T) {
		greenlighttest.Target(t, func(*testing.T) (greenlight.Target, func(*testing.T) greenlight.Target) {
			return newMemTarget(), nil
		})
	})
}
