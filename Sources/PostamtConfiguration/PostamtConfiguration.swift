// PostamtConfiguration
