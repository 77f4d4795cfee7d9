// PostamtServer
