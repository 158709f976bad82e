package regerr

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/v1/remote/transport"
)

func TestExplain(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{fmt.Errorf("dial: %w", syscall.ECONNREFUSED), "registry unreachable"},
		{&transport.Error{StatusCode: http.StatusUnauthorized}, "log in"},
		{&transport.Error{StatusCode: http.StatusNotFound}, "not found in the registry"},
		{&transport.Error{StatusCode: http.StatusTooManyRequests}, "rate-limited"},
		{&transport.Error{StatusCode: http.StatusBadGateway}, "the registry failed (502)"},
	} {
		if got := Explain("pushing", "r/x", tc.err).Error(); !strings.Contains(got, tc.want) || !strings.Contains(got, "pushing r/x") {
			t.Errorf("%v: %q, want %q", tc.err, got, tc.want)
		}
	}
	if Explain("x", "y", nil) != nil {
		t.Error("nil error explained")
	}
}

func TestRetry(t *testing.T) {
	n := 0
	err := Retry(context.Background(), 3, time.Millisecond, nil, func() error {
		n++
		return &transport.Error{StatusCode: 503}
	})
	if n != 3 || err == nil || !strings.Contains(err.Error(), "after 3 attempts") {
		t.Errorf("temporary: %d attempts, %v", n, err)
	}
	n = 0
	err = Retry(context.Background(), 3, time.Millisecond, nil, func() error {
		n++
		return &transport.Error{StatusCode: 404}
	})
	if n != 1 || err == nil {
		t.Errorf("permanent error retried %d times", n)
	}
	n = 0
	err = Retry(context.Background(), 5, time.Millisecond, nil, func() error {
		n++
		if n < 3 {
			return syscall.ECONNRESET
		}
		return nil
	})
	if err != nil || n != 3 {
		t.Errorf("recovering: %d %v", n, err)
	}
	if Temporary(context.Canceled) || Temporary(errors.New("x")) {
		t.Error("non-temporary errors judged temporary")
	}
}
