// Package wire holds the encoding pieces that federation and its object
// sub-packages (asevent) share: the tags, links and images an object
// carries and how each is written, times written to the second, and JSON
// written without HTML escaping. federation names its types again, so
// callers outside never see this package.
package wire
