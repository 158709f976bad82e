// Package regerr turns registry errors into messages that say what went wrong and what to do.
package regerr

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"syscall"
	"time"

	"github.com/google/go-containerregistry/pkg/v1/remote/transport"
)

// Explain wraps err from an operation (such as "pushing") on ref.
func Explain(op, ref string, err error) error {
	if err == nil {
		return nil
	}
	var terr *transport.Error
	var nerr net.Error
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("%s %s: %w", op, ref, err)
	case errors.Is(err, syscall.ECONNREFUSED):
		return fmt.Errorf("%s %s: registry unreachable (connection refused): is the registry running, and is the address right? (%w)", op, ref, err)
	case errors.As(err, &terr):
		switch {
		case terr.StatusCode == http.StatusUnauthorized || terr.StatusCode == http.StatusForbidden:
			return fmt.Errorf("%s %s: the registry refused access (%d): log in (docker login, or GITHUB_TOKEN with packages: write for ghcr.io) (%w)", op, ref, terr.StatusCode, err)
		case terr.StatusCode == http.StatusNotFound || hasCode(terr, transport.ManifestUnknownErrorCode, transport.NameUnknownErrorCode, transport.BlobUnknownErrorCode):
			return fmt.Errorf("%s %s: not found in the registry: was it pushed, and is the digest right? (%w)", op, ref, err)
		case terr.StatusCode == http.StatusTooManyRequests:
			return fmt.Errorf("%s %s: rate-limited by the registry; retry later (%w)", op, ref, err)
		case terr.StatusCode >= 500:
			return fmt.Errorf("%s %s: the registry failed (%d); retried and gave up, try again later (%w)", op, ref, terr.StatusCode, err)
		}
	case errors.As(err, &nerr):
		return fmt.Errorf("%s %s: registry unreachable: %w (check the address and the network)", op, ref, err)
	case strings.Contains(err.Error(), "no such host"):
		return fmt.Errorf("%s %s: registry host not found: check the repository name (%w)", op, ref, err)
	}
	return fmt.Errorf("%s %s: %w", op, ref, err)
}

func hasCode(terr *transport.Error, codes ...transport.ErrorCode) bool {
	for _, d := range terr.Errors {
		for _, c := range codes {
			if d.Code == c {
				return true
			}
		}
	}
	return false
}

// Temporary reports whether err is worth retrying: a connection failure, a 5xx, a 429.
func Temporary(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var terr *transport.Error
	if errors.As(err, &terr) {
		return terr.StatusCode == http.StatusTooManyRequests || terr.StatusCode >= 500
	}
	var nerr net.Error
	return errors.As(err, &nerr) || errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET)
}

// Retry calls f up to attempts times with exponential back-off from base while it fails with a
// temporary error. It logs each retry through logf (may be nil).
func Retry(ctx context.Context, attempts int, base time.Duration, logf func(string, ...any), f func() error) error {
	var err error
	delay := base
	for i := 1; ; i++ {
		if err = f(); err == nil || !Temporary(err) || i >= attempts {
			if err != nil && i > 1 {
				err = fmt.Errorf("after %d attempts: %w", i, err)
			}
			return err
		}
		if logf != nil {
			logf("attempt %d of %d failed (%v); retrying in %s", i, attempts, firstLine(err.Error()), delay)
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(delay):
		}
		delay *= 2
	}
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
