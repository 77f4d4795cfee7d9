// TLSCertificates
