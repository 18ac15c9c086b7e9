// Saves bytes a page got in its circuit (a document package) as a file: the UI never calls the API from the browser.
window.crmDownload = async (fileName, contentType, streamRef) => {
    const url = URL.createObjectURL(new Blob([await streamRef.arrayBuffer()], { type: contentType }));
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
};
