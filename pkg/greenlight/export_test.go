package greenlight

// NewFakeTarget is the engine tests' in-memory target, for the conformance suite
// (greenlighttest), which runs in package greenlight_test since it imports this package.
func NewFakeTarget() Target { return newFakeTarget() }
