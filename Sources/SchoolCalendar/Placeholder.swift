enum _SchoolCalendarPlaceholder {}
