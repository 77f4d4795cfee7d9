// SMTPServer
