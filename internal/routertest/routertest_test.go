package routertest

import (
	"testing"

	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/greenlight/greenlighttest"
)

// The router-backed test target behaves as a real target does.
func TestTargetConforms(t *testing.T) {
	greenlighttest.Target(t, func(t *testing.T) (greenlight.Target, func(*testing.T) greenlight.Target) {
		return New(t, Versioned(nil)), nil
	})
}
