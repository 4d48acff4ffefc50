package gathering

import (
	"fmt"

	"github.com/gather-coop/gather/federation/asevent"
	"github.com/gather-coop/gather/internal/app/notice"
	"github.com/gather-coop/gather/internal/model"
)

// describeChange says, in a line for followers, what about a gathering's
// time, place, online link or title changed, with its time and place as
// they are now (e, the gathering's Event after the change); a zero notice
// when nothing people must notice did.
func describeChange(before, after model.Gathering, e asevent.Event) notice.Notice {
	when, where := asevent.EventWhen(e), asevent.EventWhere(e)
	var change, link string
	switch {
	case !before.StartsAt.Equal(after.StartsAt) || !before.EndsAt.Equal(after.EndsAt):
		change = fmt.Sprintf("New time: %s is now %s · %s.", after.Title, when, where)
	case before.Venue.Name != after.Venue.Name || before.Venue.StreetAddress != after.Venue.StreetAddress:
		change = fmt.Sprintf("New place: %s is now at %s · %s.", after.Title, where, when)
	case before.OnlineURL != after.OnlineURL && after.OnlineURL != "":
		change = fmt.Sprintf("New online link for %s · %s · %s:", after.Title, when, where)
		link = after.OnlineURL
	}
	return notice.Notice{Text: withRename(before.Title, after.Title, when, where, change), Link: link}
}

// withRename puts a rename first in a change note: people know the event
// by its old name, so the note must say which one it is. A rename with
// another change is still one note.
func withRename(oldTitle, newTitle, when, where, change string) string {
	if oldTitle == newTitle {
		return change
	}
	renamed := fmt.Sprintf("Renamed: %s is now %s · %s · %s.", oldTitle, newTitle, when, where)
	if change == "" {
		return renamed
	}
	return renamed + "\n" + change
}
