package protocol

import (
	"context"
	"sync"
)

// A Request whose Query is set asks the compiled pipeline a question instead of running it
// (`greenlight calendar`, `greenlight policy check`). Only a package the pipeline links knows
// how to answer: pkg/governance registers its handler here from init, and pkg/greenlight's Main
// calls it with the pipeline's environments and the run's source, then sends what it returns
// as the stream's AnswerMessage.
//
// The handler is registered here, and not in pkg/greenlight, so that the pipeline author's API
// carries none of this plumbing. This package cannot name the engine's types (pkg/greenlight
// imports it), so the registry is generic: E and S are the environment and source types of
// whoever registers and looks up (pkg/greenlight's *Environment and Source); a handler is found
// only for the types it was registered with.

var (
	queryMu      sync.Mutex
	queryHandler any
)

// HandleQueries sets the function that answers a Request's Query: it gets the pipeline's
// environments, the run's source and the query as the request carried it, and returns the
// answer to send. A later call replaces an earlier one. It is for the package that answers
// queries (pkg/governance), not for pipelines.
func HandleQueries[E, S any](h func(ctx context.Context, envs []E, src S, query []byte) (any, error)) {
	queryMu.Lock()
	defer queryMu.Unlock()
	queryHandler = h
}

// QueryHandler returns the function HandleQueries set for environments of type E and sources of
// type S, or nil if none was set for those types (the pipeline answers no queries).
func QueryHandler[E, S any]() func(ctx context.Context, envs []E, src S, query []byte) (any, error) {
	queryMu.Lock()
	defer queryMu.Unlock()
	h, _ := queryHandler.(func(ctx context.Context, envs []E, src S, query []byte) (any, error))
	return h
}
