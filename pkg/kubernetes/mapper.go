package kubernetes

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/rest"
)

// mapper finds the resource of a kind from the API server's discovery documents (/api/v1,
// /apis/<group>/<version>), one request per group-version, cached. client-go's discovery client
// and REST mapper do the same with some 130 more packages (OpenAPI, protobuf) in every
// pipeline's cold compile.
type mapper struct {
	hc   *http.Client
	base string
	c    *client // for its retry budget

	mu    sync.Mutex
	cache map[string]*metav1.APIResourceList
}

func newMapper(cfg *rest.Config, c *client) (*mapper, error) {
	hc, err := rest.HTTPClientFor(cfg)
	if err != nil {
		return nil, err
	}
	u, _, err := rest.DefaultServerUrlFor(cfg)
	if err != nil {
		return nil, err
	}
	return &mapper{c: c, hc: hc, base: strings.TrimRight(u.String(), "/"), cache: map[string]*metav1.APIResourceList{}}, nil
}

// lookup returns the resource name of kind in apiVersion and whether it is namespaced. A kind it
// does not know makes it ask again once, for a CRD installed since.
func (m *mapper) lookup(ctx context.Context, apiVersion, kind string) (string, bool, error) {
	for attempt := 0; attempt < 2; attempt++ {
		list, err := m.list(ctx, apiVersion, attempt > 0)
		if err != nil {
			return "", false, err
		}
		for _, r := range list.APIResources {
			if r.Kind == kind && !strings.Contains(r.Name, "/") {
				return r.Name, r.Namespaced, nil
			}
		}
	}
	return "", false, fmt.Errorf("the cluster does not know %s %s: is its CRD installed, and the apiVersion right?", apiVersion, kind)
}

func (m *mapper) list(ctx context.Context, apiVersion string, refresh bool) (*metav1.APIResourceList, error) {
	m.mu.Lock()
	if l, ok := m.cache[apiVersion]; ok && !refresh {
		m.mu.Unlock()
		return l, nil
	}
	m.mu.Unlock()
	path := "/apis/" + apiVersion
	if !strings.Contains(apiVersion, "/") {
		path = "/api/" + apiVersion
	}
	var list metav1.APIResourceList
	err := m.c.retry(ctx, func() error {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, m.base+path, nil)
		if err != nil {
			return err
		}
		req.Header.Set("Accept", "application/json")
		resp, err := m.hc.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
		switch {
		case resp.StatusCode == http.StatusNotFound:
			list = metav1.APIResourceList{}
			return nil
		case resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests:
			return &statusError{code: resp.StatusCode, body: string(body)}
		case resp.StatusCode != http.StatusOK:
			return fmt.Errorf("discovery of %s: %d %.200s", apiVersion, resp.StatusCode, body)
		}
		return json.Unmarshal(body, &list)
	})
	if err != nil {
		return nil, fmt.Errorf("asking the API server about %s: %w", apiVersion, err)
	}
	m.mu.Lock()
	m.cache[apiVersion] = &list
	m.mu.Unlock()
	return &list, nil
}

// statusError is a retriable HTTP status from discovery.
type statusError struct {
	code int
	body string
}

func (e *statusError) Error() string { return fmt.Sprintf("HTTP %d: %.200s", e.code, e.body) }
