package localurl

// Board is a gathering's now-and-next board, the page for the screen in
// the venue's lobby.
func (u URLs) Board(gatheringID int64) string { return u.Gathering(gatheringID) + "/now" }
