package app

import (
	"context"

	"github.com/gather-coop/gather/internal/app/netcal"
)

// The network calendar's room (package netcal), passed on.
type (
	// NetworkCalendar is the upcoming events of the co-ops we follow.
	NetworkCalendar = netcal.Calendar
	// NetworkEvent is one of its entries.
	NetworkEvent = netcal.Event
	// NetworkSource is a co-op we follow, as the calendar shows it.
	NetworkSource = netcal.Source
	// NetworkCalendarParams choose what a network calendar holds.
	NetworkCalendarParams = netcal.Params
)

// NetworkUnreachableAfter is how long a source fails to answer before the
// calendar says so.
const NetworkUnreachableAfter = netcal.UnreachableAfter

// NetworkOursFilter is the network calendar's filter value for our own
// gatherings.
const NetworkOursFilter = netcal.OursFilter

// UpcomingInNetwork returns the network calendar, for anyone: the events
// of the sources that accepted our follow and have not ended.
func (a *App) UpcomingInNetwork(ctx context.Context, p NetworkCalendarParams) (NetworkCalendar, error) {
	return a.netcal.Upcoming(ctx, p)
}
