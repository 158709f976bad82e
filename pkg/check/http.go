// Package check holds the smoke checks a deploy stage runs against the URL of what it deployed
// (greenlight.Check): HTTP, a few GET requests that must answer as expected.
package check

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/greenlight"
)

// HTTP is a smoke check: it sends Requests GET requests to Path and expects Status and, if set,
// a body containing Contains. It implements greenlight.Check.
type HTTP struct {
	// Path is requested relative to the deployed URL, such as "/" or "/healthz".
	Path string
	// Status is the status every response must have (default 200).
	Status int
	// Contains, if set, must be in every response's body.
	Contains string
	// Requests is how many requests are sent (default 3).
	Requests int
	// Timeout bounds each request (default 5s).
	Timeout time.Duration
}

var _ greenlight.Check = HTTP{}

// Check implements greenlight.Check.
func (c HTTP) Check(ctx context.Context, base string) error {
	if c.Status == 0 {
		c.Status = http.StatusOK
	}
	if c.Requests <= 0 {
		c.Requests = 3
	}
	if c.Timeout <= 0 {
		c.Timeout = 5 * time.Second
	}
	url := strings.TrimRight(base, "/") + "/" + strings.TrimLeft(c.Path, "/")
	client := &http.Client{Timeout: c.Timeout}
	for i := 0; i < c.Requests; i++ {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return fmt.Errorf("smoke check: %w", err)
		}
		resp, err := client.Do(req)
		if err != nil {
			return fmt.Errorf("smoke check GET %s: %w", url, err)
		}
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
		if resp.StatusCode != c.Status {
			return fmt.Errorf("smoke check GET %s: status %d, want %d (body: %.200q)", url, resp.StatusCode, c.Status, body)
		}
		if c.Contains != "" && !strings.Contains(string(body), c.Contains) {
			return fmt.Errorf("smoke check GET %s: body does not contain %q (body: %.200q)", url, c.Contains, body)
		}
	}
	return nil
}
