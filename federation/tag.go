package federation

import (
	"github.com/gather-coop/gather/federation/internal/wire"
	"github.com/gather-coop/gather/federation/jsonvalue"
)

// ErrMalformed is wrapped by every error that reports a document Gather
// cannot use: not JSON, not an object, or missing or mistyped required
// properties. An inbox answers 400 for it.
var ErrMalformed = jsonvalue.ErrMalformed

// The pieces every object of ours may carry. They are defined in
// federation/internal/wire, with the encoding helpers that this package
// and its object sub-packages (federation/event) share, and are named
// here so callers need only federation.
type (
	// Hashtag is a tag on one of our objects; see [wire.Hashtag].
	Hashtag = wire.Hashtag
	// Mention names an actor in a Note or an Event; see [wire.Mention].
	Mention = wire.Mention
	// Link is a link at the end of an object's content; see [wire.Link].
	Link = wire.Link
	// Image is a picture attached to an actor: its URL and media type.
	Image = wire.Image
)
