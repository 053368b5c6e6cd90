/** The one-file entry a script tag loads: defines every Soleus widget. */
import './components/share-buttons/share-buttons.define.js';
